/** The writer's draft, per user, in localStorage: a reload, a 429 or a 503 never loses text. */
export class DraftStore {
  public constructor(private readonly userId: string) {}

  private get key(): string {
    return `prosepolish:draft:${this.userId}`;
  }

  public load(): string {
    return localStorage.getItem(this.key) ?? '';
  }

  public save(text: string): void {
    try {
      localStorage.setItem(this.key, text);
    } catch {
      // Storage full or disabled: the text is still in the editor.
    }
  }
}
