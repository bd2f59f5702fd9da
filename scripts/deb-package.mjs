export async function buildDeb() {
  return 'none'
}
