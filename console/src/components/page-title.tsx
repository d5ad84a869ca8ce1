// The head of a working page (inbox, desk, supervision): its title and one line saying what it shows,
// in a softer grey so the eye goes to the list below.
import { Text, Title } from '@mantine/core';

export function PageTitle({ title, intro }: { title: string; intro: string }) {
  return (
    <div>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text size="sm" c="gray.8">
        {intro}
      </Text>
    </div>
  );
}
