// Parses every challenge file under the given folder into a markdown syntax tree with front
// matter, using the libraries freeCodeCamp's own challenge parser is built on. Prints the number
// of files and of top-level nodes, so the work cannot be skipped.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith('.md')) yield path;
  }
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);
let files = 0;
let nodes = 0;
for await (const path of walk(process.argv[2])) {
  const tree = processor.parse(await readFile(path, 'utf8'));
  nodes += tree.children.length;
  files += 1;
}
console.log(`${files} files, ${nodes} top-level nodes`);
