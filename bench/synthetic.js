// Member records shaped like Patroni 4.x writes them, for clusters of any size.
export function memberRecord(i, leader) {
  const port = 10000 + (i % 50000)
  return JSON.stringify({
    conn_url: `postgres://10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:5432/postgres`,
    api_url: `http://10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:8008/patroni`,
    state: 'running',
    role: leader ? 'primary' : 'replica',
    version: '4.1.4',
    xlog_location: 67108960 - (leader ? 0 : i * 128),
    ...(leader
      ? {}
      : { receive_lsn: 67108960 - i * 128, replay_lsn: 67108960 - i * 256, replication_state: 'streaming' }),
    timeline: 3,
    tags: i % 7 === 0 ? { nofailover: true } : {},
    port,
  })
}

/** Writes one cluster: initialize, config, leader, status, members. */
export async function writeCluster(store, scope, members) {
  const p = `/service/${scope}/`
  const puts = [
    [`${p}initialize`, '7277694203142172922'],
    [`${p}config`, JSON.stringify({ ttl: 30, loop_wait: 10, retry_timeout: 10, maximum_lag_on_failover: 1048576 })],
    [`${p}leader`, `${scope}-m0000`],
    [`${p}status`, JSON.stringify({ optime: 67108960 })],
  ]
  for (let i = 0; i < members; i++)
    puts.push([`${p}members/${scope}-m${String(i).padStart(4, '0')}`, memberRecord(i, i === 0)])
  for (let i = 0; i < puts.length; i += 64) await Promise.all(puts.slice(i, i + 64).map(([k, v]) => store.put(k, v)))
}
