// Re-prints the tables and paired effects of stored discover-compare results (bench/results/discover-*.json)
// without rerunning discovery: the cells and runs in the file are all the report needs.
// Usage: npx tsx bench/discover-summary.ts bench/results/discover-demo-bow03-p300-96.json [more.json ...]
import { readFileSync, writeFileSync } from 'node:fs';
import { cellTable, summaryLines, type Cell, type RunNumbers } from './discover/report';

for (const file of process.argv.slice(2)) {
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { setup: { data: string }; cells: Cell[]; runs: RunNumbers[] };
  const demo = stored.setup.data === 'demo';
  const text = `${cellTable(stored.cells, stored.runs, demo)}\n\n${summaryLines(stored.cells, demo)}\n`;
  writeFileSync(file.replace(/\.json$/, '.md'), text);
  console.log(`${file}\n\n${text}`);
}
