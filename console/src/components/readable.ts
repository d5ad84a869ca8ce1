// Mantine's default description grey on white is below WCAG AA contrast: inputs with a description
// take these styles, as the pages' own intro texts use gray.8.
export const READABLE_DESCRIPTION = { description: { color: 'var(--mantine-color-gray-8)' } };
