import { NAMESPACES } from './cache.namespaces.js';
import type { NamespaceName, NamespaceOptions } from './cache.types.js';

/** The namespaces' options, injectable so tests (and later configuration) can adjust them. */
export class CacheNamespaces {
  private readonly options: Record<NamespaceName, NamespaceOptions>;

  public constructor(options: Record<NamespaceName, NamespaceOptions> = NAMESPACES) {
    this.options = { ...options };
  }

  public static with(overrides: Partial<Record<NamespaceName, Partial<NamespaceOptions>>>): CacheNamespaces {
    const merged = { ...NAMESPACES };
    for (const [name, patch] of Object.entries(overrides) as [NamespaceName, Partial<NamespaceOptions>][]) {
      merged[name] = { ...NAMESPACES[name], ...patch, name };
    }
    return new CacheNamespaces(merged);
  }

  public get(name: NamespaceName): NamespaceOptions {
    const options = this.options[name];
    if (!options) throw new Error(`Unknown cache namespace "${name}"`);
    return options;
  }

  public names(): NamespaceName[] {
    return Object.keys(this.options) as NamespaceName[];
  }
}
