import { createBrowserRouter } from 'react-router';
import { ChangePasswordPage } from '../features/account/pages/ChangePasswordPage';
import { LoginPage } from '../features/auth/pages/LoginPage';
import { ForbiddenPage } from '../features/errors/pages/ForbiddenPage';
import { NotFoundPage } from '../features/errors/pages/NotFoundPage';
import { RouteErrorPage } from '../features/errors/pages/RouteErrorPage';
import { HomePage } from '../features/home/pages/HomePage';
import { AttachmentsPage } from '../features/attachments/pages/AttachmentsPage';
import { InboxPage } from '../features/notifications/pages/InboxPage';
import { TotpPage } from '../features/account/pages/TotpPage';
import { DivisionsPage } from '../features/divisions/pages/DivisionsPage';
import { SiteDetailPage } from '../features/sites/pages/SiteDetailPage';
import { SitesPage } from '../features/sites/pages/SitesPage';
import { UnitsPage } from '../features/units/pages/UnitsPage';
import { UsersPage } from '../features/users/pages/UsersPage';
import { RulesSettingsPage } from '../features/rules/pages/RulesSettingsPage';
import { JobsPage } from '../features/jobs/pages/JobsPage';
import { HouseholdDetailPage } from '../features/registry/pages/HouseholdDetailPage';
import { HouseholdPrintPage } from '../features/registry/pages/HouseholdPrintPage';
import { HouseholdsPage } from '../features/registry/pages/HouseholdsPage';
import { PersonsPage } from '../features/registry/pages/PersonsPage';
import { ImportDetailPage } from '../features/imports/pages/ImportDetailPage';
import { ImportsPage } from '../features/imports/pages/ImportsPage';
import { ChiefsPage } from '../features/chiefs/pages/ChiefsPage';
import { IncomesPage } from '../features/incomes/pages/IncomesPage';
import { IncomeLinesPage } from '../features/incomes/pages/IncomeLinesPage';
import { PairingsPage } from '../features/pairings/pages/PairingsPage';
import { MyMeasuresPage } from '../features/monitoring/MyMeasuresPage';
import { CluesPage } from '../features/monitoring/CluesPage';
import { CasesPage } from '../features/monitoring/CasesPage';
import { CasePage } from '../features/monitoring/CasePage';
import { RevisitsPage } from '../features/revisits/pages/RevisitsPage';
import { RevisitFormPage } from '../features/revisits/pages/RevisitFormPage';
import { ComparisonPage } from '../features/comparison/pages/ComparisonPage';
import { LedgersPage } from '../features/ledgers/pages/LedgersPage';
import { LedgerPage } from '../features/ledgers/pages/LedgerPage';
import { AssessmentPage } from '../features/assessment/pages/AssessmentPage';
import { ExperienceReportsPage } from '../features/assessment/pages/ExperienceReportsPage';
import { LeadGridPage } from '../features/supervision/pages/LeadGridPage';
import { PlanPage } from '../features/supervision/pages/PlanPage';
import { TaskCalendarPage } from '../features/supervision/pages/TaskCalendarPage';
import { TaskDetailPage } from '../features/supervision/pages/TaskDetailPage';
import { TasksPage } from '../features/supervision/pages/TasksPage';
import { DashboardPage } from '../features/dashboards/pages/DashboardPage';
import { RuleResultsPage } from '../features/dashboards/pages/RuleResultsPage';
import { AppLayout } from './layout/AppLayout';
import { RequirePermission } from './RequirePermission';
import { DataQualityPage } from '../features/data-quality/pages/DataQualityPage';

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/403', element: <ForbiddenPage /> },
      // 一户一档 for paper: signed in, without the menu and header.
      { path: '/households/:id/print', element: <HouseholdPrintPage /> },
      {
        path: '/',
        element: <AppLayout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'account/password', element: <ChangePasswordPage /> },
          {
            path: 'dashboard',
            element: (
              <RequirePermission permission="dashboard.read">
                <DashboardPage />
              </RequirePermission>
            ),
          },
          {
            path: 'dashboard/results',
            element: (
              <RequirePermission permission="dashboard.read">
                <RuleResultsPage />
              </RequirePermission>
            ),
          },
          { path: 'account/totp', element: <TotpPage /> },
          {
            path: 'sites',
            element: (
              <RequirePermission permission="site.read">
                <SitesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'sites/:id',
            element: (
              <RequirePermission permission="site.read">
                <SiteDetailPage />
              </RequirePermission>
            ),
          },
          {
            path: 'households',
            element: (
              <RequirePermission permission="household.read">
                <HouseholdsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'households/:id',
            element: (
              <RequirePermission permission="household.read">
                <HouseholdDetailPage />
              </RequirePermission>
            ),
          },
          {
            path: 'persons',
            element: (
              <RequirePermission permission="household.read">
                <PersonsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'data-quality',
            element: (
              <RequirePermission permission="household.read">
                <DataQualityPage />
              </RequirePermission>
            ),
          },
          {
            path: 'imports',
            element: (
              <RequirePermission permission="registry.import">
                <ImportsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'imports/:id',
            element: (
              <RequirePermission permission="registry.import">
                <ImportDetailPage />
              </RequirePermission>
            ),
          },
          { path: 'units', element: <UnitsPage /> },
          { path: 'divisions', element: <DivisionsPage /> },
          {
            path: 'admin/users',
            element: (
              <RequirePermission permission="user.read">
                <UsersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/jobs',
            element: (
              <RequirePermission permission="job.read">
                <JobsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'settings/rules',
            element: (
              <RequirePermission permission="rule.read">
                <RulesSettingsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'settings/income-lines',
            element: (
              <RequirePermission permission="income.read">
                <IncomeLinesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'incomes',
            element: (
              <RequirePermission permission="income.read">
                <IncomesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'pairings',
            element: (
              <RequirePermission permission="pairing.read">
                <PairingsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'monitoring/clues',
            element: (
              <RequirePermission permission="monitoring.read">
                <CluesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'monitoring/cases',
            element: (
              <RequirePermission permission="monitoring.read">
                <CasesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'monitoring/cases/:id',
            element: (
              <RequirePermission permission="monitoring.read">
                <CasePage />
              </RequirePermission>
            ),
          },
          {
            path: 'monitoring/my-measures',
            element: (
              <RequirePermission permission="help.read">
                <MyMeasuresPage />
              </RequirePermission>
            ),
          },
          {
            path: 'revisits',
            element: (
              <RequirePermission permission="revisit.read">
                <RevisitsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'comparison',
            element: (
              <RequirePermission permission="comparison.read">
                <ComparisonPage />
              </RequirePermission>
            ),
          },
          {
            path: 'comparison/warnings',
            element: (
              <RequirePermission permission="comparison.read">
                <ComparisonPage defaultTab="warnings" />
              </RequirePermission>
            ),
          },
          {
            path: 'revisits/new',
            element: (
              <RequirePermission permission="revisit.write">
                <RevisitFormPage />
              </RequirePermission>
            ),
          },
          {
            path: 'ledgers',
            element: (
              <RequirePermission permission="ledger.read">
                <LedgersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'ledgers/:kind',
            element: (
              <RequirePermission permission="ledger.read">
                <LedgerPage />
              </RequirePermission>
            ),
          },
          {
            path: 'chiefs',
            element: (
              <RequirePermission permission="chief.read">
                <ChiefsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'assessment',
            element: (
              <RequirePermission permission="assessment.read">
                <AssessmentPage />
              </RequirePermission>
            ),
          },
          {
            path: 'experience-reports',
            element: (
              <RequirePermission permission="experience.read">
                <ExperienceReportsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'supervision/plan',
            element: (
              <RequirePermission permission="plan.read">
                <PlanPage />
              </RequirePermission>
            ),
          },
          {
            path: 'supervision/tasks',
            element: (
              <RequirePermission permission="task.read">
                <TasksPage />
              </RequirePermission>
            ),
          },
          {
            path: 'supervision/tasks/:id',
            element: (
              <RequirePermission permission="task.read">
                <TaskDetailPage />
              </RequirePermission>
            ),
          },
          {
            path: 'supervision/grid',
            element: (
              <RequirePermission permission="task.review">
                <LeadGridPage />
              </RequirePermission>
            ),
          },
          {
            path: 'supervision/calendar',
            element: (
              <RequirePermission permission="task.read">
                <TaskCalendarPage />
              </RequirePermission>
            ),
          },
          { path: 'inbox', element: <InboxPage /> },
          { path: 'attachments', element: <AttachmentsPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
