// Assertion calls run both by real chai@4 and by grade's engine; each is hint code on its own.
// Values: strings, numbers, NaN, arrays, nested objects, Maps, Sets, Dates, regexes, null, undefined.
const values = [
  "'text'", "''", '0', '-0', '42', '3.5', 'NaN', 'Infinity', 'null', 'undefined', 'true', 'false',
  '[1, 2, 3]', '[]', "{ a: 1, b: 'two' }", '{}', "new Map([['a', 1], ['b', 2]])", 'new Set([1, 2])',
  'new Date(0)', '/ab+c/gi', "function named() {}", "'a string that is long enough to be truncated in messages'",
  "{ nested: { deeper: { deepest: [1, { x: 'y' }] } } }", '[1, [2, [3, [4]]]]',
];
const types = ['string', 'number', 'boolean', 'object', 'array', 'null', 'undefined', 'map', 'set', 'date', 'regexp', 'function'];

const cases = [];
const add = (...lines) => cases.push(...lines);

// Type checks over every value: passing and failing alike.
for (const v of values) {
  add(`assert.isString(${v})`, `assert.isNumber(${v})`, `assert.isObject(${v}, 'custom message')`, `assert.isArray(${v})`);
}
for (const v of values.slice(0, 12)) {
  add(`assert.isNotString(${v})`, `assert.isBoolean(${v})`, `assert.isNull(${v})`, `assert.isUndefined(${v})`, `assert.isDefined(${v})`, `assert.exists(${v})`, `assert.notExists(${v})`, `assert.isOk(${v})`, `assert.isNotOk(${v})`, `assert.isNaN(${v})`, `assert.isFinite(${v})`);
}
for (const t of types) add(`assert.typeOf(${values[0]}, '${t}')`, `assert.typeOf(new Map(), '${t}')`, `assert.notTypeOf([], '${t}')`);

add(
  // equality
  "assert.equal('a', 'b')", "assert.equal(1, '1')", "assert.equal(null, undefined)", "assert.equal(NaN, NaN)",
  "assert.equal({ a: 1 }, { a: 1 }, 'objects are compared by reference')", "assert.notEqual(2, '2')", "assert.notEqual(2, 3)",
  "assert.strictEqual(1, '1')", "assert.strictEqual('x', 'x')", "assert.notStrictEqual(1, 1)", "assert.strictEqual(-0, 0)",
  "assert.deepEqual({ a: [1, 2] }, { a: [1, 2] })", "assert.deepEqual({ a: [1, 2] }, { a: [1, 3] })",
  "assert.deepEqual(new Map([['a', 1]]), new Map([['a', 1]]))", "assert.deepEqual(new Set([1, 2]), new Set([2, 1]))",
  "assert.deepEqual(new Date(0), new Date(1))", "assert.deepEqual(/a/g, /a/g)", "assert.deepEqual([NaN], [NaN])",
  "assert.deepEqual(-0, 0)", "assert.notDeepEqual({ a: 1 }, { a: 1 })", "assert.notDeepEqual({ a: 1 }, { a: 2 })",
  "assert.deepStrictEqual([1, { b: 2 }], [1, { b: 2 }])", "assert.deepEqual({ a: undefined }, {})",
  "class Point { constructor(x) { this.x = x; } }\nassert.deepEqual(new Point(1), { x: 1 })",
  "assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [])",
  "assert.deepEqual({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }, { a: 1 })",
  "assert.isTrue(true)", "assert.isTrue(1)", "assert.isFalse(0)", "assert.isFalse(false)", "assert.isNotTrue(true)", "assert.isNotFalse(false)",
  "assert.isNotNull(null)", "assert.isNotNaN(NaN)", "assert.isNotNaN(1)",
  // comparisons
  "assert.isAbove(5, 2)", "assert.isAbove(2, 5)", "assert.isAbove(2, 2)", "assert.isAtLeast(2, 2)", "assert.isAtLeast(1, 2, 'too small')",
  "assert.isBelow(1, 2)", "assert.isBelow(3, 2)", "assert.isAtMost(3, 2)", "assert.isAtMost(2, 2)",
  "assert.isAbove(new Date(1), new Date(0))", "assert.isAbove(new Date(0), new Date(1))", "assert.isAbove('5', 2)",
  "assert.isAbove(5, '2')", "assert.isBelow(new Date(0), 5)", "assert.isAtLeast(null, 1)",
  "assert.approximately(1.5, 1, 0.5)", "assert.approximately(2, 1, 0.5)", "assert.closeTo(10, 20, 2, 'not close')",
  "assert.closeTo('10', 20, 2)", "assert.closeTo(10, 20)",
  // strings and regexes
  "assert.match('foobar', /^foo/)", "assert.match('foobar', /^bar/)", "assert.notMatch('foobar', /^foo/)", "assert.notMatch('foobar', /baz/)",
  "assert.match('Home page', /home/i, 'should say home')",
  // include
  "assert.include('foobar', 'bar')", "assert.include('foobar', 'baz')", "assert.include([1, 2, 3], 2)", "assert.include([1, 2, 3], 4)",
  "assert.include({ a: 1, b: 2 }, { a: 1 })", "assert.include({ a: 1, b: 2 }, { a: 2 })", "assert.include({ a: 1 }, { c: 3 })",
  "assert.include(new Set([1, 2]), 2)", "assert.include(new Map([['k', 'v']]), 'v')", "assert.include(42, 4)", "assert.include({ a: 1 }, 'a')",
  "assert.include([{ a: 1 }], { a: 1 })", "assert.notInclude('foobar', 'bar')", "assert.notInclude('foobar', 'baz')",
  "assert.notInclude([1, 2], 3)", "assert.notInclude({ a: 1, b: 2 }, { a: 1, b: 2 })", "assert.notInclude({ a: 1, b: 2 }, { a: 1, b: 3 })",
  "assert.deepInclude([{ a: 1 }], { a: 1 })", "assert.deepInclude([{ a: 1 }], { a: 2 })", "assert.deepInclude({ x: { a: 1 } }, { x: { a: 1 } })",
  "assert.deepInclude({ x: { a: 1 } }, { x: { a: 2 } })", "assert.notDeepInclude([{ a: 1 }], { a: 1 })", "assert.notDeepInclude([{ a: 1 }], { a: 2 })",
  "assert.nestedInclude({ a: { b: ['x', 'y'] } }, { 'a.b[1]': 'y' })", "assert.nestedInclude({ a: { b: ['x', 'y'] } }, { 'a.b[1]': 'z' })",
  "assert.notNestedInclude({ a: { b: 1 } }, { 'a.b': 1 })", "assert.deepNestedInclude({ a: { b: [{ c: 1 }] } }, { 'a.b[0]': { c: 1 } })",
  "assert.ownInclude({ a: 1 }, { a: 1 })", "assert.ownInclude(Object.create({ a: 1 }), { a: 1 })", "assert.notOwnInclude({ a: 1 }, { b: 2 })",
  "assert.deepOwnInclude({ a: { b: 2 } }, { a: { b: 2 } })",
  // properties
  "assert.property({ a: 1 }, 'a')", "assert.property({ a: 1 }, 'b')", "assert.property(null, 'a')", "assert.property({ a: 1 }, {})",
  "assert.property('text', 'length')", "assert.notProperty({ a: 1 }, 'a')", "assert.notProperty({ a: 1 }, 'b')",
  "assert.propertyVal({ a: 1 }, 'a', 1)", "assert.propertyVal({ a: 1 }, 'a', 2)", "assert.propertyVal({ a: 1 }, 'b', 1)",
  "assert.notPropertyVal({ a: 1 }, 'a', 1)", "assert.notPropertyVal({ a: 1 }, 'a', 2)", "assert.deepPropertyVal({ a: { b: 1 } }, 'a', { b: 1 })",
  "assert.deepPropertyVal({ a: { b: 1 } }, 'a', { b: 2 })", "assert.notDeepPropertyVal({ a: { b: 1 } }, 'a', { b: 1 })",
  "assert.ownProperty({ a: 1 }, 'a')", "assert.ownProperty({ a: 1 }, 'toString')", "assert.notOwnProperty({ a: 1 }, 'toString')",
  "assert.ownPropertyVal({ a: 1 }, 'a', 1)", "assert.ownPropertyVal({ a: 1 }, 'a', 3)", "assert.notOwnPropertyVal({ a: 1 }, 'a', 1)",
  "assert.deepOwnPropertyVal({ a: [1] }, 'a', [1])", "assert.notDeepOwnPropertyVal({ a: [1] }, 'a', [1])",
  "assert.nestedProperty({ a: { b: 1 } }, 'a.b')", "assert.nestedProperty({ a: { b: 1 } }, 'a.c')", "assert.notNestedProperty({ a: { b: 1 } }, 'a.b')",
  "assert.nestedPropertyVal({ a: { b: 1 } }, 'a.b', 1)", "assert.nestedPropertyVal({ a: { b: 1 } }, 'a.b', 2)",
  "assert.notNestedPropertyVal({ a: { b: 1 } }, 'a.b', 1)", "assert.deepNestedPropertyVal({ a: { b: { c: 1 } } }, 'a.b', { c: 1 })",
  "assert.notDeepNestedPropertyVal({ a: { b: { c: 1 } } }, 'a.b', { c: 1 })",
  // length
  "assert.lengthOf([1, 2], 2)", "assert.lengthOf([1, 2], 3)", "assert.lengthOf('abc', 3)", "assert.lengthOf(new Set([1]), 2)",
  "assert.lengthOf(new Map([[1, 2]]), 1)", "assert.lengthOf(5, 1)", "assert.lengthOf({ length: '2' }, 2)",
  // keys
  "assert.hasAnyKeys({ a: 1, b: 2 }, ['a', 'z'])", "assert.hasAnyKeys({ a: 1 }, ['y', 'z'])", "assert.hasAllKeys({ a: 1, b: 2 }, ['a', 'b'])",
  "assert.hasAllKeys({ a: 1, b: 2 }, ['a'])", "assert.hasAllKeys({ a: 1 }, { a: 5 })", "assert.containsAllKeys({ a: 1, b: 2, c: 3 }, ['a', 'b'])",
  "assert.containsAllKeys({ a: 1 }, ['a', 'b'])", "assert.doesNotHaveAnyKeys({ a: 1 }, ['b'])", "assert.doesNotHaveAnyKeys({ a: 1 }, ['a'])",
  "assert.doesNotHaveAllKeys({ a: 1, b: 2 }, ['a', 'b'])", "assert.doesNotHaveAllKeys({ a: 1, b: 2 }, ['a'])",
  "assert.hasAnyKeys(new Map([['a', 1]]), ['a'])", "assert.hasAllKeys(new Set(['a']), ['b'])", "assert.hasAllKeys({ a: 1 }, [])",
  "assert.hasAnyDeepKeys(new Map([[{ a: 1 }, 'x']]), [{ a: 1 }])", "assert.hasAllDeepKeys(new Map([[{ a: 1 }, 'x']]), [{ a: 2 }])",
  "assert.containsAllDeepKeys(new Set([{ a: 1 }, { b: 2 }]), [{ a: 1 }])", "assert.doesNotHaveAnyDeepKeys(new Set([{ a: 1 }]), [{ a: 1 }])",
  "assert.doesNotHaveAllDeepKeys(new Set([{ a: 1 }]), [{ a: 2 }])",
  // members
  "assert.sameMembers([1, 2, 3], [3, 2, 1])", "assert.sameMembers([1, 2, 3], [3, 2])", "assert.sameMembers([{ a: 1 }], [{ a: 1 }])",
  "assert.notSameMembers([1, 2], [2, 1])", "assert.notSameMembers([1, 2], [2, 3])", "assert.sameDeepMembers([{ a: 1 }], [{ a: 1 }])",
  "assert.sameDeepMembers([{ a: 1 }], [{ a: 2 }])", "assert.notSameDeepMembers([{ a: 1 }], [{ a: 1 }])",
  "assert.sameOrderedMembers([1, 2], [1, 2])", "assert.sameOrderedMembers([1, 2], [2, 1])", "assert.notSameOrderedMembers([1, 2], [1, 2])",
  "assert.sameDeepOrderedMembers([{ a: 1 }, 2], [{ a: 1 }, 2])", "assert.notSameDeepOrderedMembers([{ a: 1 }], [{ a: 1 }])",
  "assert.includeMembers([1, 2, 3], [2, 1])", "assert.includeMembers([1, 2, 3], [4])", "assert.notIncludeMembers([1, 2], [1])",
  "assert.includeDeepMembers([{ a: 1 }, { b: 2 }], [{ b: 2 }])", "assert.notIncludeDeepMembers([{ a: 1 }], [{ a: 1 }])",
  "assert.includeOrderedMembers([1, 2, 3], [1, 2])", "assert.includeOrderedMembers([1, 2, 3], [2, 3])", "assert.notIncludeOrderedMembers([1, 2, 3], [1, 2])",
  "assert.includeDeepOrderedMembers([{ a: 1 }, { b: 2 }], [{ a: 1 }])", "assert.notIncludeDeepOrderedMembers([{ a: 1 }], [{ a: 1 }])",
  "assert.sameMembers('ab', ['a', 'b'])",
  // oneOf, instanceOf, operator
  "assert.oneOf(1, [1, 2])", "assert.oneOf(3, [1, 2])", "assert.oneOf({ a: 1 }, [{ a: 1 }])", "assert.oneOf(1, 1)",
  "assert.instanceOf(new Date(), Date)", "assert.instanceOf([], Map)", "assert.instanceOf({}, 5)", "assert.notInstanceOf(new Map(), Map)",
  "assert.notInstanceOf([], Map)", "class Custom {}\nassert.instanceOf({}, Custom)", "assert.instanceOf(new TypeError('x'), Error)",
  "assert.operator(1, '<', 2)", "assert.operator(1, '>', 2)", "assert.operator(1, '===', '1')", "assert.operator(1, '<>', 2)",
  "assert.operator('a', '!=', 'a', 'must differ')",
  // throws
  "assert.throws(() => { throw new TypeError('boom'); })", "assert.throws(() => {})", "assert.throws(() => { throw new TypeError('boom'); }, TypeError)",
  "assert.throws(() => { throw new TypeError('boom'); }, RangeError)", "assert.throws(() => { throw new Error('boom'); }, 'boom')",
  "assert.throws(() => { throw new Error('boom'); }, 'bam')", "assert.throws(() => { throw new Error('boom'); }, /bo+m/)",
  "assert.throws(() => { throw new Error('boom'); }, /bam/)", "assert.throws(() => { throw new TypeError('boom'); }, TypeError, 'boo')",
  "assert.throws(() => { throw new TypeError('boom'); }, TypeError, 'bam')", "assert.throws(5)", "assert.throws(() => {}, TypeError)",
  "assert.doesNotThrow(() => {})", "assert.doesNotThrow(() => { throw new Error('boom'); })", "assert.doesNotThrow(() => { throw new Error('boom'); }, TypeError)",
  "assert.doesNotThrow(() => { throw new Error('boom'); }, 'bam')", "assert.doesNotThrow(() => { throw new Error('boom'); }, Error)",
  "assert.doesNotThrow(() => { throw new TypeError('boom'); }, TypeError, 'boo')", "assert.doesNotThrow(() => { throw new Error('boom'); }, 'boom')",
  "assert.doesNotThrow(() => { throw new Error('boom'); }, /bo+m/)", "assert.doesNotThrow(() => { throw new RangeError('boom'); }, TypeError, 'boom')",
  // changes, increases, decreases
  "const o = { n: 1 };\nassert.changes(() => { o.n = 2; }, o, 'n')", "const o = { n: 1 };\nassert.changes(() => {}, o, 'n')",
  "const o = { n: 1 };\nassert.doesNotChange(() => { o.n += 1; }, o, 'n')", "const o = { n: 1 };\nassert.doesNotChange(() => {}, o, 'n')",
  "const o = { n: 1 };\nassert.changesBy(() => { o.n += 2; }, o, 'n', 2)", "const o = { n: 1 };\nassert.changesBy(() => { o.n += 2; }, o, 'n', 3)",
  "const o = { n: 1 };\nassert.increases(() => { o.n += 1; }, o, 'n')", "const o = { n: 1 };\nassert.increases(() => { o.n -= 1; }, o, 'n')",
  "const o = { n: 1 };\nassert.increasesBy(() => { o.n += 2; }, o, 'n', 2)", "const o = { n: 1 };\nassert.increasesBy(() => { o.n += 2; }, o, 'n', 5)",
  "const o = { n: 1 };\nassert.doesNotIncrease(() => { o.n += 1; }, o, 'n')", "const o = { n: 1 };\nassert.increasesButNotBy(() => { o.n += 2; }, o, 'n', 3)",
  "const o = { n: 1 };\nassert.decreases(() => { o.n -= 1; }, o, 'n')", "const o = { n: 1 };\nassert.decreases(() => {}, o, 'n')",
  "const o = { n: 5 };\nassert.decreasesBy(() => { o.n -= 2; }, o, 'n', 2)", "const o = { n: 5 };\nassert.doesNotDecrease(() => { o.n -= 1; }, o, 'n')",
  "const o = { n: 5 };\nassert.doesNotDecreaseBy(() => { o.n -= 2; }, o, 'n', 2)", "const o = { n: 5 };\nassert.decreasesButNotBy(() => { o.n -= 2; }, o, 'n', 1)",
  "let n = 1;\nassert.changes(() => { n = 3; }, () => n)", "const o = { n: 1 };\nassert.changesButNotBy(() => { o.n += 2; }, o, 'n', 2)",
  "const o = { s: 'a' };\nassert.increases(() => { o.s = 'b'; }, o, 's')",
  // object states, emptiness, misc
  "assert.isExtensible({})", "assert.isExtensible(Object.preventExtensions({}))", "assert.isNotExtensible({})", "assert.isNotExtensible(1)",
  "assert.isSealed(Object.seal({}))", "assert.isSealed({})", "assert.isNotSealed({})", "assert.isFrozen(Object.freeze({}))",
  "assert.isFrozen({ a: 1 })", "assert.isNotFrozen(Object.freeze({}))", "assert.isFrozen(1)",
  "assert.isEmpty([])", "assert.isEmpty([1])", "assert.isEmpty('')", "assert.isEmpty('x')", "assert.isEmpty({})", "assert.isEmpty({ a: 1 })",
  "assert.isEmpty(new Map())", "assert.isEmpty(new Set([1]))", "assert.isEmpty(1)", "assert.isEmpty(function f() {})", "assert.isNotEmpty([])",
  "assert.isNotEmpty({ a: 1 })", "assert.isEmpty(new WeakMap())",
  "assert.fail()", "assert.fail('plain failure')", "assert.fail(1, 2, 'with values')", "assert.fail(1, 2)", "assert.ifError(null)",
  "assert.ifError(new Error('was an error'))", "assert(true)", "assert(false)", "assert(0, 'zero is falsy')", "assert.ok(1)", "assert.notOk(1)",
  "assert.isFunction(() => {})", "assert.isFunction(1)", "assert.isNotFunction(function f() {})", "assert.isNotArray([])",
  "assert.isNotObject({})", "assert.isNotNumber(1)", "assert.isNotBoolean(true)",
  "assert.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], 1)", "assert.equal({ key: 'a value that is long enough' }, 1)",
  "assert.equal(new Error('oops'), 1)", "assert.equal(Symbol('s'), 1)", "assert.equal(new Uint8Array([1, 2]), 1)",
  "assert.equal(new Map([['a', 1]]), 1)", "assert.equal(new Map([['a', 1], ['b', 2]]), 1)", "assert.equal(new Set(), 2)",
  "assert.equal(10n, 11n)", "assert.equal('it\\'s', 'x')", "assert.equal('line\\nbreak', 'x')", "assert.equal({ 'a-b': 1 }, 1)",
  "assert.equal([undefined, null], 1)", "assert.equal(new Date(NaN), 1)", "assert.equal({ f() {} }, 1)", "assert.equal(0, 1)",
);

module.exports = cases;
