/**
 * The last few rendered downloads, by game id and version. A download inlines the 1.5 MB runtime,
 * escaped for a `<script>` element and hashed for its policy: rendering it again for each request
 * of the same game (a class downloading one game) costs that much CPU and garbage every time.
 * Bounded by bytes, least recently used out first, so it never grows with the games asked for.
 */
export class DownloadCache {
  private readonly pages = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxBytes = 16 * 1024 * 1024) {}

  /** The page for `key`, rendered by `render` only when it is not kept. */
  get(key: string, render: () => string): string {
    const kept = this.pages.get(key);
    if (kept !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.pages.delete(key);
      this.pages.set(key, kept);
      return kept;
    }
    const page = render();
    this.keep(key, page);
    return page;
  }

  get size(): number {
    return this.pages.size;
  }

  private keep(key: string, page: string) {
    // UTF-16 code units: the size V8 holds a (non one-byte) string in, near enough.
    const cost = page.length * 2;
    if (cost > this.maxBytes) return;
    this.pages.set(key, page);
    this.bytes += cost;
    for (const [oldest, p] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= p.length * 2;
    }
  }
}
