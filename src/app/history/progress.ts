/** One line on stderr, redrawn in place on a terminal and every 10 % otherwise. */
export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr): { update(done: number, total: number, note?: string): void; finish(note: string): void } {
  let lastTenth = -1;
  return {
    update(done, total, note = '') {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      if (stream.isTTY) {
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${note}\u001b[K`);
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`${label} ${tenth * 10}% ${note}\n`);
    },
    finish(note) {
      stream.write(`${stream.isTTY ? '\r' : ''}${label} done: ${note}${stream.isTTY ? '\u001b[K' : ''}\n`);
    },
  };
}
