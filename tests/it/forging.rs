//! No forged pass: whatever a hint does to the types the runtime compares (their
//! `Symbol.toStringTag`, `Symbol.hasInstance`, getters and methods), to a thenable it returns,
//! or by importing the runtime's own modules, a check that fails makes the hint fail.

use super::support::{grade, messages, statuses, Reply, Server, TempChallenge};

/// Runs every code as one hint of one challenge and returns each hint's status and message.
fn verdicts(name: &str, codes: &[String]) -> Vec<(String, String)> {
    let server = Server::start(|_| Reply::ok("{\"unix\": 1451001600000}"));
    let hints: Vec<(&str, &str)> = codes.iter().map(|c| ("Forges.", c.as_str())).collect();
    let challenge = TempChallenge::new(name, &hints);
    let run = grade(&[
        "--url",
        &server.url,
        "--timeout",
        "5",
        "--jobs",
        "1",
        "--format",
        "json",
        challenge.path(),
    ]);
    let report = run.json();
    statuses(&report)
        .into_iter()
        .zip(messages(&report))
        .collect()
}

/// Each code must fail (an assertion that does not hold), never pass or time out; `errored` is
/// a hint whose own patch broke it before its check, which is a failure too.
#[track_caller]
fn all_fail(name: &str, codes: &[String]) {
    let got = verdicts(name, codes);
    assert_eq!(got.len(), codes.len(), "{name}: {got:?}");
    let passed: Vec<String> = codes
        .iter()
        .zip(&got)
        .filter(|(_, (status, _))| status != "failed" && status != "errored")
        .map(|(code, (status, message))| format!("{status}: {code}\n    {message}"))
        .collect();
    assert!(
        passed.is_empty(),
        "{name}: these did not fail:\n{}",
        passed.join("\n")
    );
}

fn owned(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

#[test]
fn the_reported_forgeries_fail() {
    all_fail(
        "reported",
        &owned(&[
            "Object.prototype[Symbol.toStringTag] = 'RegExp'; assert.deepEqual({a: 1}, {a: 2});",
            "Object.prototype[Symbol.toStringTag] = 'String'; assert.deepEqual({a: 1}, {a: 2});",
            "Array.prototype[Symbol.toStringTag] = 'RegExp'; assert.deepEqual([1, 2, 3], [4, 5]);",
            "const x = {a: 1}; x[Symbol.toStringTag] = 'Array'; assert.isArray(x);",
            "Object.defineProperty(Array, Symbol.hasInstance, {value: () => true}); assert.instanceOf({}, Array);",
            "Object.defineProperty(RegExp.prototype, 'source', {get() { return 'same' }});\nObject.defineProperty(RegExp.prototype, 'flags', {get() { return '' }}); assert.deepEqual(/a/, /b/);",
            // The app's real answer against a wrong expectation.
            "Object.prototype[Symbol.toStringTag] = 'RegExp';\nconst data = await (await fetch(code)).json();\nassert.deepEqual(data, {unix: 1});",
        ]),
    );
}

/// Two values of each kind the runtime compares that are not deeply equal, and two that are.
const KINDS: &[(&str, &str, &str, &str)] = &[
    // kind, constructor, an unequal pair, an equal pair
    (
        "Map",
        "Map",
        "new Map([['a', 1]]), new Map([['a', 2]])",
        "new Map([['a', 1]]), new Map([['a', 1]])",
    ),
    (
        "Set",
        "Set",
        "new Set([1]), new Set([2])",
        "new Set([1, 2]), new Set([2, 1])",
    ),
    (
        "Date",
        "Date",
        "new Date(0), new Date(1)",
        "new Date(5), new Date(5)",
    ),
    (
        "Error",
        "Error",
        "new Error('a'), new TypeError('b')",
        "[1], [1]",
    ),
    (
        "Uint8Array",
        "Uint8Array",
        "new Uint8Array([1]), new Uint8Array([2])",
        "new Uint8Array([3]), new Uint8Array([3])",
    ),
    (
        "Float64Array",
        "Float64Array",
        "new Float64Array([1.5]), new Float64Array([2.5])",
        "new Float64Array([1]), new Float64Array([1])",
    ),
    (
        "Number",
        "Number",
        "new Number(1), new Number(2)",
        "new Number(3), new Number(3)",
    ),
    (
        "String",
        "String",
        "new String('a'), new String('b')",
        "new String('c'), new String('c')",
    ),
    (
        "Boolean",
        "Boolean",
        "new Boolean(true), new Boolean(false)",
        "new Boolean(true), new Boolean(true)",
    ),
    ("RegExp", "RegExp", "/a/g, /a/i", "/a/g, /a/g"),
    ("Array", "Array", "[1], [2]", "[1], [1]"),
    (
        "Object",
        "Object",
        "({a: 1}), ({a: 2})",
        "({a: 1}), ({a: 1})",
    ),
];

/// What a hint may do to a kind before it compares two of its values.
fn patches(kind: &str, constructor: &str) -> Vec<String> {
    let mut all = vec![
        format!("Object.prototype[Symbol.toStringTag] = '{kind}';"),
        format!("{constructor}.prototype[Symbol.toStringTag] = 'Object';"),
        "Object.prototype[Symbol.toStringTag] = 'Function';".to_string(),
        "let n = 0; Object.defineProperty(Object.prototype, Symbol.toStringTag, { get() { n += 1; return ['Map', 'Set', 'Date', 'Object'][n % 4]; } });".to_string(),
        format!("Object.defineProperty({constructor}, Symbol.hasInstance, {{ value: () => true }});"),
        format!("Object.defineProperty({constructor}.prototype, 'constructor', {{ value: Object }});"),
        "Object.prototype.toString = () => '[object Object]'; Array.prototype.toString = () => '';".to_string(),
        "Object.prototype.valueOf = () => 0; Object.prototype[Symbol.toPrimitive] = () => 0;".to_string(),
    ];
    let specific: &[&str] = match kind {
        "Map" => &[
            "Object.defineProperty(Map.prototype, 'size', { get() { return 0; } });",
            "Map.prototype.forEach = function () {}; Map.prototype.entries = function* () {}; Map.prototype.get = () => 1;",
        ],
        "Set" => &[
            "Object.defineProperty(Set.prototype, 'size', { get() { return 0; } });",
            "Set.prototype.forEach = function () {}; Set.prototype.values = function* () {}; Set.prototype.has = () => true;",
        ],
        "Date" => &[
            "Date.prototype.getTime = () => 0; Date.prototype.valueOf = () => 0; Date.prototype.toISOString = () => '';",
        ],
        "Error" => &[
            "Error.prototype.toString = () => 'same'; Object.defineProperty(Error.prototype, 'message', { get() { return 'same'; } });",
        ],
        "Uint8Array" | "Float64Array" => &[
            "Object.defineProperty(Object.getPrototypeOf(Uint8Array.prototype), 'length', { get() { return 0; } });",
            "Object.defineProperty(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag, { get() { return 'Object'; } });",
        ],
        "Number" => &["Number.prototype.valueOf = () => 0; Number.prototype.toString = () => '0';"],
        "String" => &["String.prototype.valueOf = () => ''; String.prototype.toString = () => '';"],
        "Boolean" => &["Boolean.prototype.valueOf = () => true; Boolean.prototype.toString = () => 'true';"],
        "RegExp" => &[
            "Object.defineProperty(RegExp.prototype, 'flags', { get() { return ''; } }); Object.defineProperty(RegExp.prototype, 'global', { get() { return false; } }); Object.defineProperty(RegExp.prototype, 'ignoreCase', { get() { return false; } });",
            "RegExp.prototype.toString = () => '/a/';",
        ],
        "Array" => &["Array.isArray = () => false; Array.prototype.every = () => true; Array.prototype.forEach = () => {};"],
        _ => &[],
    };
    all.extend(specific.iter().map(|s| s.to_string()));
    all
}

#[test]
fn forging_every_kind_the_runtime_compares_fails() {
    let mut codes = Vec::new();
    for (kind, constructor, unequal, equal) in KINDS {
        for patch in patches(kind, constructor) {
            codes.push(format!("{patch}\nassert.deepEqual({unequal});"));
            codes.push(format!("{patch}\nassert.notDeepEqual({equal});"));
            codes.push(format!("{patch}\nassert.instanceOf({{}}, {constructor});"));
            codes.push(format!(
                "{patch}\nassert.notInstanceOf(new {constructor}(), {constructor});"
            ));
            codes.push(format!(
                "{patch}\nassert.typeOf({{}}, '{}');",
                kind.to_lowercase()
            ));
        }
        // The value itself claims another kind.
        if *kind == "Object" {
            continue;
        }
        codes.push(format!(
            "const v = {{}}; Object.defineProperty(v, Symbol.toStringTag, {{ value: '{kind}' }});\nassert.typeOf(v, '{}');",
            kind.to_lowercase()
        ));
    }
    // `Object` and `{}` agree: `typeOf({}, 'object')` and `notInstanceOf(new Object(), Object)`
    // are not forgeries, so they are left out.
    codes.retain(|c| {
        !(c.ends_with("assert.typeOf({}, 'object');")
            || c.ends_with("assert.notInstanceOf(new Object(), Object);")
            || c.ends_with("assert.instanceOf({}, Object);"))
    });
    // Boxed kinds and arrays cannot be made with `new` and no arguments the same way; their
    // `notInstanceOf` forms stay, as `new Number()` is still a Number.
    all_fail("kinds", &codes);
}

#[test]
fn type_checks_of_collections_read_the_real_kind() {
    all_fail(
        "collections",
        &owned(&[
            "const x = { length: 0 }; x[Symbol.toStringTag] = 'Array'; assert.sameMembers(x, []);",
            "Array.prototype[Symbol.toStringTag] = 'WeakSet'; assert.include([1, 2], 3);",
            "Object.prototype[Symbol.toStringTag] = 'String'; assert.include({ a: 1 }, { a: 2 });",
            "Map.prototype.forEach = function () {}; assert.hasAllKeys(new Map([['a', 1]]), ['b']);",
            "Object.prototype[Symbol.toStringTag] = 'Map'; assert.hasAllKeys({ a: 1 }, ['b']);",
            "Object.defineProperty(Set.prototype, 'size', { get() { return 0; } }); assert.isEmpty(new Set([1]));",
            "const x = {}; x[Symbol.toStringTag] = 'Object'; assert.isObject(function () {});",
            "Object.prototype[Symbol.toStringTag] = 'Array'; assert.isArray({});",
            "class Fake { get [Symbol.toStringTag]() { return 'Map'; } }\nassert.typeOf(new Fake(), 'map');",
            "Object.defineProperty(TypeError, Symbol.hasInstance, { value: () => true });\nassert.throws(() => { throw 'text'; }, TypeError);",
            "Object.defineProperty(Error, Symbol.hasInstance, { value: () => false });\nassert.doesNotThrow(() => { throw new Error('x'); }, Error);",
        ]),
    );
}

#[test]
fn the_real_kinds_still_pass_as_chai_has_them() {
    let codes = owned(&[
        "assert.deepEqual(new Map([['a', [1]]]), new Map([['a', [1]]]));",
        "assert.deepEqual(new Set([[2], [1]]), new Set([[1], [2]]));",
        "assert.deepEqual(/a/gi, /a/ig);",
        "assert.deepEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]));",
        "assert.deepEqual(new String('a'), new String('a'));",
        "assert.instanceOf(new TypeError('x'), Error);",
        "class Point {}\nassert.instanceOf(new Point(), Point);",
        "assert.isArray(new Proxy([], {}));",
        "assert.typeOf(Promise.resolve(), 'promise');",
        "assert.typeOf(new Map(), 'map');",
        "assert.throws(() => { throw new TypeError('x'); }, TypeError, /x/);",
        "const data = await (await fetch(code)).json();\nassert.deepEqual(data, { unix: 1451001600000 });\nassert.isObject(data);",
    ]);
    let got = verdicts("real-kinds", &codes);
    for (code, (status, message)) in codes.iter().zip(&got) {
        assert_eq!(status, "passed", "{code}: {message}");
    }
}

#[test]
fn a_thenable_is_read_once_and_a_throwing_then_fails() {
    let got = verdicts(
        "thenables",
        &owned(&[
            "() => { let n = 0; return { get then() { n++; return n === 1 ? (res, rej) => rej(new Error('x')) : undefined } } }",
            "return (() => { let n = 0; return { get then() { n++; return n === 1 ? (res, rej) => rej(new Error('body')) : undefined } } })()",
            "() => ({ get then() { throw new Error('boom') } })",
            "() => ({ then(resolve) { resolve(1) } })",
        ]),
    );
    assert_eq!(got[0].0, "failed", "{got:?}");
    assert!(got[0].1.contains('x'), "{got:?}");
    assert_eq!(got[1].0, "failed", "{got:?}");
    assert!(got[1].1.contains("body"), "{got:?}");
    assert_eq!(got[2].0, "failed", "{got:?}");
    assert!(got[2].1.contains("boom"), "{got:?}");
    assert_eq!(got[3].0, "passed", "{got:?}");
}

#[test]
fn hint_code_cannot_import_the_runtime_or_anything_else() {
    let got = verdicts(
        "imports",
        &owned(&[
            "const m = await import('runtime'); assert.isFunction(m.default);",
            "const m = await import('fetch'); assert.isFunction(m.default);",
            "const m = await import('inspect'); assert.isFunction(m.default);",
            "const m = await import('./anything.js'); assert.ok(m);",
        ]),
    );
    for (status, message) in &got {
        assert_ne!(status, "passed", "{got:?}");
        assert!(message.contains("cannot import modules"), "{got:?}");
    }
}

/// The runtime calls no global a hint can replace: not `Boolean` while deciding whether an
/// error matched, nor `Reflect.apply`, `Function.prototype.call` or `String` while loading and
/// running the assertions it loads on first use.
#[test]
fn replaced_globals_decide_nothing() {
    all_fail(
        "globals",
        &owned(&[
            "globalThis.Boolean = () => true;\nassert.throws(() => { throw new TypeError('x'); }, RangeError);",
            "globalThis.Boolean = () => false;\nassert.doesNotThrow(() => { throw new TypeError('x'); }, TypeError);",
            "Reflect.apply = () => undefined;\nassert.hasAllKeys({ a: 1 }, ['b']);",
            "Reflect.apply = () => undefined;\nassert.sameMembers([1], [2]);",
            "Function.prototype.call = function () { return true; };\nassert.deepEqual({ a: 1 }, { a: 2 });",
            "Function.prototype.apply = function () { return true; };\nassert.nestedProperty({ a: {} }, 'a.b');",
            "globalThis.String = () => '';\nassert.deepEqual(new Set(['a']), new Set(['b']));",
            "Object.prototype.deepEqual = () => true;\nassert.deepStrictEqual([1], [2]);",
            "let n = 0; const o = { get v() { return n; } };\nglobalThis.Math = { abs: () => 1 };\nassert.increasesBy(() => { n += 5; }, o, 'v', 1);",
        ]),
    );
}

/// What a hint puts on a builtin's prototype is not a property of the values compared: not a
/// key of an object, a thrown error's class or message, or a typed array's length; an XHR
/// handler's failure at DONE fails the hint whatever `readyState` claims; jQuery's callbacks
/// cannot be caught by a setter on `Object.prototype`.
#[test]
fn builtin_prototypes_decide_no_keys_errors_lengths_or_callbacks() {
    all_fail(
        "prototypes",
        &owned(&[
            "Object.prototype.x = 1;\nassert.deepEqual({}, { x: 1 });",
            "Object.prototype.unix = 1;\nconst data = await (await fetch(code)).json();\nassert.deepEqual({}, data);",
            "Object.defineProperty(TypeError.prototype, 'constructor', { value: RangeError });\nassert.throws(() => null.x, RangeError);",
            "Object.defineProperty(TypeError.prototype, 'constructor', { value: RangeError });\nassert.throws(() => null.x, new RangeError('x'));",
            "Object.defineProperty(Error.prototype, 'message', { get() { return 'boom'; } });\nassert.throws(() => { throw new Error(); }, /boom/);",
            "TypeError.prototype.toString = function () { this.message = 'boom'; return 'x'; };\nassert.throws(() => { throw new TypeError('a'); }, TypeError, /boom/);",
            "TypeError.prototype.toString = function () { Object.setPrototypeOf(this, RangeError.prototype); return 'x'; };\nassert.throws(() => { throw new TypeError('a'); }, RangeError);",
            "Object.defineProperty(Object.getPrototypeOf(Uint8Array.prototype), 'length', { get() { return 5; } });\nassert.lengthOf(new Uint8Array(2), 5);",
            "const states = new WeakMap();\nObject.defineProperty(XMLHttpRequest.prototype, 'readyState', { get() { return states.get(this); }, set(v) { states.set(this, v === 4 ? 3 : v); }, configurable: true });\nconst x = new XMLHttpRequest(); x.open('GET', code); x.onload = function () { assert.equal(this.status, 1); }; x.send();",
            "const x = new XMLHttpRequest(); x.open('GET', code); x.onload = function () { x.open('GET', code); assert.equal(this.status, 1); }; x.send();",
            "Object.defineProperty(Object.prototype, 'success', { set(v) {}, get() { return undefined; }, configurable: true });\n$.get(code, (data) => { assert.equal(data.unix, 1); });",
        ]),
    );
}

/// The same assertions still pass where chai passes them: a class's own prototype counts in
/// deep equality, errors match by class and message, a getter of the hint's own error class
/// gives the message, and deep equality of large values ends (it once took quadratic time).
#[test]
fn errors_keys_and_large_values_still_compare_as_chai_does() {
    let codes = owned(&[
        "class A { constructor() { this.a = 1; } }\nA.prototype.b = 2;\nassert.deepEqual(new A(), { a: 1, b: 2 });",
        "assert.throws(() => { throw new TypeError('bad thing'); }, TypeError, /bad/);",
        "const e = new TypeError('x');\nassert.throws(() => { throw e; }, e);",
        "class Mine extends TypeError {}\nassert.throws(() => { throw new Mine('m'); }, TypeError, 'm');",
        "assert.doesNotThrow(() => { throw new TypeError('bad thing'); }, RangeError);",
        "class E extends Error { get message() { return 'custom'; } }\nassert.throws(() => { throw new E(); }, /custom/);",
        "assert.throws(() => { throw 'text'; }, /tex/);",
        "assert.lengthOf(new Uint8Array(3), 3);",
        "const make = (n) => Array.from({ length: n }, (_, i) => ({ i, tags: [i] }));\nassert.deepEqual(make(20000), make(20000));",
        "const x = new XMLHttpRequest(); x.open('GET', code); x.onload = function () { assert.equal(this.status, 200); }; x.send();",
    ]);
    let got = verdicts("chai-still", &codes);
    for (code, (status, message)) in codes.iter().zip(&got) {
        assert_eq!(status, "passed", "{code}: {message}");
    }
}

/// A message with a lone surrogate (or half a pair) keeps its text, with U+FFFD in its place.
#[test]
fn a_lone_surrogate_keeps_the_message() {
    let got = verdicts("surrogate", &owned(&["assert.fail('a \\ud800 b');"]));
    assert_eq!(got[0].0, "failed", "{got:?}");
    assert_eq!(got[0].1, "a \u{fffd} b", "{got:?}");
}
