/** A typed latitude or longitude (GCJ-02 degrees): the number, or the Chinese error to show under the field. */
export function parseDegrees(text: string, max: number, label: string): { value?: number; error?: string } {
  const t = text.trim()
  if (!t) return { error: `请填写${label}` }
  // Six decimals (about 0.1 m) is what the server keeps: more would be rounded away unseen.
  if (!/^-?\d{1,3}(\.\d{1,6})?$/.test(t)) return { error: `${label}须为数字（度，最多 6 位小数），如 ${max === 90 ? '39.118' : '117.196'}` }
  const value = Number(t)
  if (value < -max || value > max) return { error: `${label}须在 -${max} 到 ${max} 之间` }
  return { value }
}

/** The place on AMap (高德地图, which takes GCJ-02 as is): opens in a new tab, so staff can check the point by eye. */
export function amapLink(lat: number, lng: number, name: string): string {
  const query = new URLSearchParams({ position: `${lng},${lat}`, name: name.trim() || '保护基地', coordinate: 'gaode', callnative: '0' })
  return `https://uri.amap.com/marker?${query.toString().replace('%2C', ',')}`
}
