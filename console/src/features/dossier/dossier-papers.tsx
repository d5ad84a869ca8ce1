// The printed papers of a dossier this person may have and that apply by now (Dossier.forms): each
// opens as a PDF in a new tab, signed in by the session cookie. A paper that does not apply yet (a
// refusal for a dossier nobody refused) is not offered.
import { Anchor, Group, Text } from '@mantine/core';
import { vi } from '../../text/vi';

export interface PaperLink {
  kind: string;
  url: string;
  available: boolean;
}

export function DossierPapers({ forms }: { forms: readonly PaperLink[] }) {
  const available = forms.filter((form) => form.available);
  if (available.length === 0) return null;
  return (
    <Group gap="lg" mt="sm">
      <Text size="xs" c="gray.8">
        {vi.dossier.papers}
      </Text>
      {available.map((form) => (
        <Anchor key={form.kind} href={form.url} target="_blank" rel="noopener" size="sm">
          {vi.forms[form.kind] ?? form.kind} (PDF)
        </Anchor>
      ))}
    </Group>
  );
}
