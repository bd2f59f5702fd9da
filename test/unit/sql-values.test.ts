import { describe, expect, it } from 'vitest'

import { renderQueryResult } from '../../src/output/query-output.js'
import type { QueryResult } from '../../src/services/query.js'
import { parseArrayLiteral, pyFloatStr, pyRepr, sqlValue } from '../../src/services/sql-values.js'

describe("query values: Python's str() for tsv/pretty, the column's type for JSON/YAML", () => {
  it.each([
    [16, 't', 'True', true],
    [16, 'f', 'False', false],
    [23, '42', '42', 42],
    [20, '9007199254740993', '9007199254740993', '9007199254740993'],
    [701, '1.5', '1.5', 1.5],
    [701, '3', '3.0', 3],
    [701, '1e+20', '1e+20', 1e20],
    [701, 'NaN', 'nan', 'nan'],
    [1700, '1.50', '1.50', 1.5],
    [1700, '0.1000000000000000055', '0.1000000000000000055', '0.1000000000000000055'],
    [1700, '12', '12', 12],
    [25, 'text', 'text', 'text'],
    [1184, '2026-11-28 06:39:53.228084+00', '2026-11-28 06:39:53.228084+00:00', '2026-11-28T06:39:53.228084+00:00'],
    [1184, '2026-11-28 06:39:53+05:30', '2026-11-28 06:39:53+05:30', '2026-11-28T06:39:53+05:30'],
    [1114, '2026-11-28 06:39:53', '2026-11-28 06:39:53', '2026-11-28T06:39:53'],
    [3802, '{"a": 1, "b": [true, null]}', "{'a': 1, 'b': [True, None]}", { a: 1, b: [true, null] }],
    [1007, '{1,2,NULL}', '[1, 2, None]', [1, 2, null]],
    [1009, '{a,"b c","it\'s"}', `['a', 'b c', "it's"]`, ['a', 'b c', "it's"]],
    [
      1007,
      '{{1,2},{3,4}}',
      '[[1, 2], [3, 4]]',
      [
        [1, 2],
        [3, 4],
      ],
    ],
  ])('oid %i %j → %j / %j', (oid, text, python, json) => {
    const v = sqlValue(oid, text)
    expect(v.text).toBe(python)
    expect(v.json).toEqual(json)
  })

  it('NULL is None and null', () => {
    expect(sqlValue(23, null)).toEqual({ text: 'None', json: null })
  })

  it('floats as Python prints them', () => {
    expect([0.1, 100, 1e16, 1.5e-5, 0.0001, -2.5, 123456789012345.6].map(pyFloatStr)).toEqual([
      '0.1',
      '100.0',
      '1e+16',
      '1.5e-05',
      '0.0001',
      '-2.5',
      '123456789012345.6',
    ])
    expect(pyRepr({ k: 'v', n: 1.25, e: [] })).toBe("{'k': 'v', 'n': 1.25, 'e': []}")
  })

  it('parses array literals with quotes, escapes and NULL', () => {
    expect(parseArrayLiteral('{"a\\"b",NULL,"NULL",c}')).toEqual(['a"b', null, 'NULL', 'c'])
    expect(parseArrayLiteral('{}')).toEqual([])
  })
})

describe('query output', () => {
  const result: QueryResult = {
    member: 'pg1',
    columns: ['n', 'ok', 'nothing'],
    rows: [[sqlValue(23, '1'), sqlValue(16, 't'), sqlValue(25, null)]],
    hasResultSet: true,
  }
  it('tsv and pretty show Python texts, json keeps types', () => {
    expect(renderQueryResult(result, 'tsv', { delimiter: '\t', at: '2026-11-28 12:00:00' })).toBe(
      'n\tok\tnothing\n1\tTrue\tNone',
    )
    expect(renderQueryResult(result, 'tsv', { delimiter: ';', at: '2026-11-28 12:00:00' })).toBe(
      'n;ok;nothing\n1;True;None',
    )
    expect(renderQueryResult(result, 'json', { delimiter: '\t', at: '2026-11-28 12:00:00' })).toBe(
      '[{"n": 1, "ok": true, "nothing": null}]',
    )
    expect(renderQueryResult(result, 'pretty', { delimiter: '\t', at: '2026-11-28 12:00:00' })).toBe(
      [
        '+---+------+---------+',
        '| n | ok   | nothing |',
        '+---+------+---------+',
        '| 1 | True | None    |',
        '+---+------+---------+',
      ].join('\n'),
    )
  })
  it('a statement without a result set says so', () => {
    const ddl: QueryResult = { member: 'pg1', columns: [], rows: [], hasResultSet: false }
    expect(renderQueryResult(ddl, 'tsv', { delimiter: '\t', at: '2026-11-28 12:00:00' })).toBe(
      '2026-11-28 12:00:00\tERROR, SQLSTATE: no results to fetch',
    )
    expect(renderQueryResult(ddl, 'json', { delimiter: '\t', at: '2026-11-28 12:00:00' })).toBe('[]')
  })
})
