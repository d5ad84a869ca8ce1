// Rows of the components table the receipt and the supplement request share: TT | name | copies by kind.
import type { Content } from 'pdfmake/interfaces';
import type { ComponentFacts } from './facts';

const count = (n: number): Content => ({
  text: n > 0 ? String(n).padStart(2, '0') : '',
  alignment: 'center',
});

export function componentRows(components: readonly ComponentFacts[], firstNumber = 1): Content[][] {
  return components.map((c, i) => [
    { text: String(firstNumber + i), alignment: 'center' },
    c.name,
    count(c.originals),
    count(c.certifiedCopies),
    count(c.photocopies),
  ]);
}
