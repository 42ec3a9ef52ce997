import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { MENU, canOpen, type MenuKey } from '@/lib/roles';
import { useAuthStore } from '@/stores/auth';

declare module 'vue-router' {
  interface RouteMeta {
    /** Menu entry whose roles may open the route; absent: any signed-in user. */
    menu?: MenuKey;
    public?: boolean;
    /** An item page: for the catalogue's roles and town editors (their items). */
    items?: boolean;
  }
}

const placeholders: RouteRecordRaw[] = MENU.filter((m) => m.placeholder).map((m) => ({
  path: m.path,
  name: m.key,
  component: () => import('@/views/PlaceholderView.vue'),
  props: { screen: m.key },
  meta: { menu: m.key },
}));

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('@/layouts/MainLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue') },
      { path: 'designer/process', name: 'processDesigner', component: () => import('@/views/ProcessDesignerView.vue'), meta: { menu: 'processDesigner' } },
      { path: 'designer/process/:definitionId', name: 'processDesignerOpen', component: () => import('@/views/ProcessDesignerView.vue'), props: true, meta: { menu: 'processDesigner' } },
      { path: 'designer/form', name: 'formDesigner', component: () => import('@/views/FormDesignerView.vue'), meta: { menu: 'formDesigner' } },
      { path: 'workbench', name: 'workbench', component: () => import('@/views/workbench/WorkbenchView.vue'), meta: { menu: 'workbench' } },
      { path: 'workbench/tasks/:taskId', name: 'task', component: () => import('@/views/workbench/TaskView.vue'), props: true, meta: { menu: 'workbench' } },
      { path: 'catalogue', name: 'catalogue', component: () => import('@/views/catalogue/CatalogueView.vue'), meta: { menu: 'catalogue' } },
      // editors and town editors open items from the catalogue or the town workspace
      { path: 'catalogue/new', name: 'itemNew', component: () => import('@/views/catalogue/ItemEditorView.vue'), meta: { menu: 'catalogue' } },
      { path: 'catalogue/:id', name: 'item', component: () => import('@/views/catalogue/ItemEditorView.vue'), props: true, meta: { items: true } },
      { path: 'catalogue/:id/review', name: 'itemReview', component: () => import('@/views/catalogue/ItemReviewView.vue'), props: true, meta: { menu: 'catalogue' } },
      { path: 'town', name: 'townWorkspace', component: () => import('@/views/town/TownWorkspaceView.vue'), meta: { menu: 'townWorkspace' } },
      { path: 'supervision', name: 'supervision', component: () => import('@/views/SupervisionView.vue'), meta: { menu: 'supervision' } },
      { path: 'audit', name: 'audit', component: () => import('@/views/AuditView.vue'), meta: { menu: 'audit' } },
      { path: 'definitions', name: 'definitions', component: () => import('@/views/DefinitionsView.vue'), meta: { menu: 'definitions' } },
      ...placeholders.map((r) => ({ ...r, path: r.path.slice(1) }) as RouteRecordRaw),
      { path: 'forbidden', name: 'forbidden', component: () => import('@/views/ForbiddenView.vue') },
    ],
  },
  {
    path: '/',
    component: () => import('@/views/public/PublicLayout.vue'),
    meta: { public: true },
    children: [
      { path: 'guide/:id', name: 'guide', component: () => import('@/views/public/GuideView.vue'), props: true, meta: { public: true } },
      { path: 'apply/:id', name: 'apply', component: () => import('@/views/public/ApplyView.vue'), props: true, meta: { public: true } },
      { path: 'progress', name: 'progress', component: () => import('@/views/public/ProgressView.vue'), meta: { public: true } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  const auth = useAuthStore();
  if (to.meta.public) return true;
  if (!auth.loggedIn) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  if (to.meta.menu && !canOpen(to.meta.menu, auth.roles)) return { name: 'forbidden' };
  if (to.meta.items && !canOpen('catalogue', auth.roles) && !canOpen('townWorkspace', auth.roles)) return { name: 'forbidden' };
  return true;
});
