// Every page but sign-in, public tracking and the supervisors' home (escalations) is fetched when
// first opened: a citizen opening the receipt's QR code on a phone, or an officer signing in, loads
// only the frame and the page in front of them, never every role's pages (or the charts and the graph).
import { lazy, type ComponentType } from 'react';

/** The component `name` of the module `load` imports, loaded when first rendered. */
function lazyPage<Module, Name extends keyof Module>(load: () => Promise<Module>, name: Name) {
  type Page = Module[Name] & ComponentType<any>;
  return lazy(() => load().then((module) => ({ default: module[name] as Page })));
}

export const LateDossiersPage = lazyPage(
  () => import('./features/late-dossiers/late-dossiers-page'),
  'LateDossiersPage',
);
export const StatisticsPage = lazyPage(
  () => import('./features/statistics/statistics-page'),
  'StatisticsPage',
);
export const Indicators766Page = lazyPage(
  () => import('./features/indicators-766/indicators-766-page'),
  'Indicators766Page',
);
export const DossierPage = lazyPage(() => import('./features/dossier/dossier-page'), 'DossierPage');
export const InboxPage = lazyPage(() => import('./features/inbox/inbox-page'), 'InboxPage');
export const ReceivePage = lazyPage(() => import('./features/desk/receive-page'), 'ReceivePage');
export const HandBackPage = lazyPage(() => import('./features/desk/hand-back-page'), 'HandBackPage');
export const RegisterPage = lazyPage(() => import('./features/desk/register-page'), 'RegisterPage');
export const ProceduresPage = lazyPage(
  () => import('./features/admin-procedures/procedures-page'),
  'ProceduresPage',
);
export const ProcedurePage = lazyPage(
  () => import('./features/admin-procedures/procedure-page'),
  'ProcedurePage',
);
export const ProcedureEditorPage = lazyPage(
  () => import('./features/admin-procedures/procedure-editor-page'),
  'ProcedureEditorPage',
);
export const CalendarPage = lazyPage(() => import('./features/admin-calendar/calendar-page'), 'CalendarPage');
export const AgenciesPage = lazyPage(() => import('./features/admin-agencies/agencies-page'), 'AgenciesPage');
export const AccountsPage = lazyPage(() => import('./features/admin-accounts/accounts-page'), 'AccountsPage');
export const ApiKeysPage = lazyPage(() => import('./features/admin-api-keys/api-keys-page'), 'ApiKeysPage');
