import type { Provider } from '@nestjs/common';

import type { NamespaceName, NamespaceOptions } from './cache.types.js';

type Overrides = Partial<Record<NamespaceName, Partial<NamespaceOptions>>>;

/**
 * The namespaces the features registered: infrastructure knows none of them by name. Tests build one
 * with `with(overrides)` to shorten a namespace's timings; the overrides apply when it is registered.
 */
export class CacheNamespaces {
  private readonly options = new Map<NamespaceName, NamespaceOptions>();

  public constructor(private readonly overrides: Overrides = {}) {}

  public static with(overrides: Overrides): CacheNamespaces {
    return new CacheNamespaces(overrides);
  }

  /** Adds namespaces; a second, different definition of one name is a bug. */
  public register(...namespaces: NamespaceOptions[]): this {
    for (const ns of namespaces) {
      if (this.options.has(ns.name)) throw new Error(`cache namespace "${ns.name}" is registered twice`);
      this.options.set(ns.name, { ...ns, ...this.overrides[ns.name], name: ns.name });
    }
    return this;
  }

  public has(name: string): boolean {
    return this.options.has(name);
  }

  public get(name: NamespaceName): NamespaceOptions {
    const options = this.options.get(name);
    if (!options) throw new Error(`Unknown cache namespace "${name}"`);
    return options;
  }

  public names(): NamespaceName[] {
    return [...this.options.keys()];
  }
}

/**
 * A provider that registers a feature's namespaces with the cache when the module is instantiated
 * (before any lifecycle hook, so before the first request). List it in the feature module's providers.
 */
export function provideCacheNamespaces(...namespaces: NamespaceOptions[]): Provider {
  return {
    provide: Symbol(`cache namespaces ${namespaces.map((n) => n.name).join(', ')}`),
    inject: [CacheNamespaces],
    useFactory: (registry: CacheNamespaces) => registry.register(...namespaces),
  };
}
