import { readFileSync } from 'node:fs';

interface Rule {
  pattern: RegExp;
  exclude: boolean;
}

/**
 * The `.dockerignore` rules as Docker applies them to paths relative to the build context: patterns are
 * Go `filepath.Match` globs anchored at the context root (`*` within one path segment, `**` any number of
 * segments), a match also covers everything below it, `!` re-includes, and the last matching rule wins.
 */
export class DockerIgnore {
  private constructor(private readonly rules: Rule[]) {}

  public static read(path: string): DockerIgnore {
    const rules = readFileSync(path, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const exclude = !line.startsWith('!');
        const glob = (exclude ? line : line.slice(1)).replace(/^\/+|\/+$/g, '');
        return { pattern: globToRegExp(glob), exclude };
      });
    return new DockerIgnore(rules);
  }

  /** True when `path` (relative to the context, e.g. `src/main.ts`) is left out of the build context. */
  public excludes(path: string): boolean {
    let excluded = false;
    for (const rule of this.rules) if (rule.pattern.test(path)) excluded = rule.exclude;
    return excluded;
  }
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
      if (glob[i + 1] === '/') i++; // `**/` also matches zero directories
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}(/.*)?$`);
}
