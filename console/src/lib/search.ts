// Searching a list the way people type, at the desk's counter or in the administrator's catalog: by
// code or by name, with or without Vietnamese diacritics ("dang ky ket hon" finds "Đăng ký kết hôn").
const plain = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

/** Every word of `search` appears in `label`. */
export function matchesSearch(label: string, search: string): boolean {
  const haystack = plain(label);
  return plain(search)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
