// What the commands print for people: colour only on a terminal, and never when NO_COLOR is set
// (https://no-color.org), so tables piped into files, `less` or CI logs carry no escape codes.
import Table from 'cli-table3';

/** NO_COLOR is the cross-tool convention, read as is rather than as a STACKLAB_ flag: any non-empty value turns colour off. */
export function colourWanted(stream: { isTTY?: boolean } = process.stdout): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

/** A cli-table3 table whose header and border are coloured only when colourWanted(). */
export function terminalTable(options: Table.TableConstructorOptions = {}): Table.Table {
  return new Table(colourWanted() ? options : { ...options, style: { ...options.style, head: [], border: [] } });
}
