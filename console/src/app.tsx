// The console's frame: the public tracking page for anyone (the receipt's QR code opens it), sign-in
// when nobody is signed in, otherwise the menu of the person's role and the page the path names. A
// page outside the role shows "no access" (the API refuses the data too).
import { AppShell, Box, Button, Center, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core';
import { Suspense, type ReactNode } from 'react';
import type { Person } from './lib/api';
import { Link, navigate, useLocation } from './lib/router';
import { useSession } from './lib/session';
import { vi } from './text/vi';
import { SignInPage } from './features/sign-in/sign-in-page';
import { TrackingPage } from './features/tracking/tracking-page';
import { EscalationsPage } from './features/escalations/escalations-page';
import {
  AccountsPage,
  AgenciesPage,
  ApiKeysPage,
  CalendarPage,
  DossierPage,
  HandBackPage,
  InboxPage,
  Indicators766Page,
  LateDossiersPage,
  ProcedureEditorPage,
  ProcedurePage,
  ProceduresPage,
  ReceivePage,
  RegisterPage,
  StatisticsPage,
} from './lazy-pages';

/** Where the receipt's QR code points (PUBLIC_BASE_URL + this path): open to everyone, no sign-in. */
const PUBLIC_TRACKING_PATH = '/tra-cuu';

type Role = Person['role'];
interface Route {
  path: RegExp;
  roles: Role[];
  menu?: string;
  href?: string;
  render(match: RegExpMatchArray): ReactNode;
}

const SUPERVISORS: Role[] = ['SUPERVISOR', 'ADMIN'];
const ADMINS: Role[] = ['ADMIN'];
const ROUTES: Route[] = [
  {
    path: /^\/escalations$/,
    roles: SUPERVISORS,
    menu: vi.nav.escalations,
    href: '/escalations',
    render: () => <EscalationsPage />,
  },
  {
    path: /^\/late$/,
    roles: SUPERVISORS,
    menu: vi.nav.lateDossiers,
    href: '/late',
    render: () => <LateDossiersPage />,
  },
  {
    path: /^\/statistics$/,
    roles: SUPERVISORS,
    menu: vi.nav.statistics,
    href: '/statistics',
    render: () => <StatisticsPage />,
  },
  {
    path: /^\/statistics\/766$/,
    roles: SUPERVISORS,
    menu: vi.nav.indicators766,
    href: '/statistics/766',
    render: () => <Indicators766Page />,
  },
  { path: /^\/inbox$/, roles: ['AGENCY'], menu: vi.nav.inbox, href: '/inbox', render: () => <InboxPage /> },
  {
    path: /^\/desk\/receive$/,
    roles: ['DESK'],
    menu: vi.nav.receive,
    href: '/desk/receive',
    render: () => <ReceivePage />,
  },
  {
    path: /^\/desk\/hand-back$/,
    roles: ['DESK'],
    menu: vi.nav.handBack,
    href: '/desk/hand-back',
    render: () => <HandBackPage />,
  },
  {
    path: /^\/desk\/register$/,
    roles: ['DESK'],
    menu: vi.nav.register,
    href: '/desk/register',
    render: () => <RegisterPage />,
  },
  {
    path: /^\/admin\/procedures$/,
    roles: ADMINS,
    menu: vi.nav.procedures,
    href: '/admin/procedures',
    render: () => <ProceduresPage />,
  },
  { path: /^\/admin\/procedures\/new$/, roles: ADMINS, render: () => <ProcedureEditorPage /> },
  {
    path: /^\/admin\/procedures\/([^/]+)\/edit$/,
    roles: ADMINS,
    render: (m) => <ProcedureEditorPage key={m[1]} code={decodeURIComponent(m[1])} />,
  },
  {
    path: /^\/admin\/procedures\/([^/]+)$/,
    roles: ADMINS,
    render: (m) => <ProcedurePage code={decodeURIComponent(m[1])} />,
  },
  {
    path: /^\/admin\/calendar$/,
    roles: ADMINS,
    menu: vi.nav.calendar,
    href: '/admin/calendar',
    render: () => <CalendarPage />,
  },
  {
    path: /^\/admin\/agencies$/,
    roles: ADMINS,
    menu: vi.nav.agencies,
    href: '/admin/agencies',
    render: () => <AgenciesPage />,
  },
  {
    path: /^\/admin\/accounts$/,
    roles: ADMINS,
    menu: vi.nav.accounts,
    href: '/admin/accounts',
    render: () => <AccountsPage />,
  },
  {
    path: /^\/admin\/api-keys$/,
    roles: ADMINS,
    menu: vi.nav.apiKeys,
    href: '/admin/api-keys',
    render: () => <ApiKeysPage />,
  },
  {
    path: /^\/dossiers\/([^/]+)$/,
    roles: ['SUPERVISOR', 'ADMIN', 'AGENCY', 'DESK'],
    render: (m) => <DossierPage code={decodeURIComponent(m[1])} />,
  },
];

const HOMES: Partial<Record<Role, string>> = { AGENCY: '/inbox', DESK: '/desk/receive' };
const homeOf = (role: Role) => HOMES[role] ?? '/escalations';

function Message({ title, text, person }: { title: string; text: string; person: Person }) {
  return (
    <Stack align="flex-start" mt="xl">
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text>{text}</Text>
      <Button component={Link} href={homeOf(person.role)}>
        {vi.common.backHome}
      </Button>
    </Stack>
  );
}

export function App() {
  const { person, loading, signOut } = useSession();
  const { pathname } = useLocation();

  if (pathname === PUBLIC_TRACKING_PATH) return <TrackingPage />;
  if (loading) {
    return (
      <Center h="100vh">
        <Loader aria-label={vi.common.loading} />
      </Center>
    );
  }
  if (!person) return <SignInPage />;
  if (pathname === '/' || pathname === '/sign-in') {
    queueMicrotask(() => navigate(homeOf(person.role), { replace: true }));
    return null;
  }

  let page: ReactNode = (
    <Message title={vi.common.notFoundTitle} text={vi.common.notFoundTitle} person={person} />
  );
  for (const route of ROUTES) {
    const match = pathname.match(route.path);
    if (!match) continue;
    page = route.roles.includes(person.role) ? (
      route.render(match)
    ) : (
      <Message title={vi.common.forbiddenTitle} text={vi.common.forbidden} person={person} />
    );
    break;
  }
  const menu = ROUTES.filter((r) => r.menu && r.roles.includes(person.role));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Text fw={700} size="lg" c="blue.9">
              {vi.appName}
            </Text>
            <Text size="sm" c="gray.8" visibleFrom="sm">
              {vi.appSubtitle}
            </Text>
          </Group>
          <Group gap="md">
            <Box ta="right">
              <Text size="sm" fw={600}>
                {person.name}
              </Text>
              <Text size="xs" c="gray.8">
                {person.title} · {vi.roles[person.role] ?? person.role}
              </Text>
            </Box>
            <Button variant="default" size="xs" onClick={() => void signOut().then(() => navigate('/'))}>
              {vi.nav.signOut}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={vi.nav.mainMenu}>
        {menu.map((route) => (
          <NavLink
            key={route.href}
            component={Link}
            href={route.href!}
            label={route.menu}
            active={pathname === route.href || pathname.startsWith(`${route.href}/`)}
            variant="filled"
            aria-current={pathname === route.href ? 'page' : undefined}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loader aria-label={vi.common.loading} />}>{page}</Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
