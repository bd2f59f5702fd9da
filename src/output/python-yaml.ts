import { PYYAML_OPTIONS, yamlModule } from '../pyyaml.js'

const OPTIONS = { ...PYYAML_OPTIONS, sortMapEntries: true }

/**
 * PyYAML's safe_dump(default_flow_style=False, allow_unicode=True, width=200) as patronictl uses it:
 * keys sorted, block style, YAML 1.1 quoting ('on', '100', '' are quoted with single quotes),
 * sequences not indented under their key.
 */
export function pythonYamlDump(value: unknown): string {
  const { Document, isScalar, visit } = yamlModule()
  const doc = new Document(value, OPTIONS)
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== 'string') return
      if (node.value === '') node.type = 'QUOTE_SINGLE'
      // PyYAML folds a multi-line string into single quotes (never a block literal); a control character, C1 too, is
      // written as an escape in double quotes
      else if (C1.test(node.value)) node.type = 'QUOTE_DOUBLE'
      else if (node.value.includes('\n')) node.type = 'QUOTE_SINGLE'
    },
  })
  return escapeC1(
    doc.toString({
      indent: 2,
      indentSeq: false,
      lineWidth: 200,
      minContentWidth: 0,
      singleQuote: true,
      nullStr: 'null',
      flowCollectionPadding: false,
    }),
  )
}

/** C1 control characters, which the yaml package leaves raw even in double quotes (PyYAML writes `\x9B`). */
const C1 = /[\u0080-\u009f]/
const escapeC1 = (text: string) =>
  text.replace(/[\u0080-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** PyYAML flow style on one line, as patronictl prints tags in tsv and topology: `{clonefrom: true, nofailover: true}`. */
export function pythonYamlFlow(value: unknown): string {
  const { Document, visit } = yamlModule()
  const doc = new Document(value, OPTIONS)
  visit(doc, {
    Map(_key, node) {
      node.flow = true
    },
    Seq(_key, node) {
      node.flow = true
    },
  })
  return escapeC1(doc.toString({ lineWidth: 0, singleQuote: true, flowCollectionPadding: false }).trimEnd())
}
