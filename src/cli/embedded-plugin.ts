import type { Command, Interfaces } from '@oclif/core'

/** A plugin's package.json and oclif manifest, as the build read them. */
export interface EmbeddedPackage {
  pjson: Interfaces.PJSON
  manifest: Interfaces.Manifest
}

/** The command classes of one plugin by oclif id, loaded on first use. */
export type CommandClasses = () => Readonly<Record<string, Command.Class>>

/**
 * An oclif plugin held in memory: its package.json and manifest came with the program and its commands are classes
 * already in it. The single executable has no package folder for oclif to read a manifest from or import() a command
 * file out of, so its root plugin (ptctl) and core plugin (@oclif/plugin-autocomplete) are these. Hooks are left out:
 * oclif loads a hook from its file; the start-up path calls ptctl's own hook itself (src/bundle-main.ts).
 */
export class EmbeddedPlugin implements Interfaces.Plugin {
  readonly _base: string
  readonly alias: string
  readonly commandIDs: string[]
  readonly commands: Command.Loadable[]
  readonly commandsDir = undefined
  readonly hasManifest = true
  readonly hooks: Interfaces.Plugin['hooks'] = {}
  readonly moduleType = 'commonjs' as const
  readonly name: string
  readonly options: Interfaces.PluginOptions
  readonly pjson: Interfaces.PJSON
  readonly type = 'core'
  readonly valid = true
  readonly version: string
  readonly children: Interfaces.Plugin[] = []

  constructor(
    embedded: EmbeddedPackage,
    readonly root: string,
    readonly isRoot: boolean,
    private readonly classes: CommandClasses,
  ) {
    this.pjson = embedded.pjson
    this.name = embedded.pjson.name
    this.alias = this.name
    this.version = embedded.pjson.version
    this._base = `${this.name}@${this.version}`
    this.options = { root, isRoot, name: this.name }
    this.commandIDs = Object.keys(embedded.manifest.commands)
    this.commands = Object.entries(embedded.manifest.commands)
      .map(([id, cached]) => ({
        ...cached,
        load: async () => this.findCommand(id, { must: true }),
        pluginAlias: this.alias,
        pluginType: this.type,
      }))
      // code-point order, as oclif's own sort in the bundle (scripts/bundle.mjs, oclifCommandOrder)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  get topics(): Interfaces.Topic[] {
    const topics = this.pjson.oclif.topics ?? {}
    return Object.entries(topics).map(([name, t]) => ({
      name,
      ...(t.description !== undefined ? { description: t.description } : {}),
      ...(t.hidden !== undefined ? { hidden: t.hidden } : {}),
    }))
  }

  async load(): Promise<void> {}

  findCommand(id: string, opts: { must: true }): Promise<Command.Class>
  findCommand(id: string, opts?: { must: boolean }): Promise<Command.Class> | undefined
  findCommand(id: string, opts?: { must: boolean }): Promise<Command.Class> | undefined {
    const found = this.commandIDs.includes(id) ? this.classes()[id] : undefined
    if (found) return Promise.resolve(found)
    return opts?.must === true ? Promise.reject(new Error(`command ${id} not found`)) : undefined
  }
}
