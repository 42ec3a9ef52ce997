import 'element-plus/dist/index.css';
import * as ElementPlusIcons from '@element-plus/icons-vue';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { setUnauthorizedHandler } from '@/api';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import { useAuthStore } from './stores/auth';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(router);
app.use(ElementPlus);
for (const [name, component] of Object.entries(ElementPlusIcons)) app.component(`Icon${name}`, component);

setUnauthorizedHandler(() => {
  useAuthStore().logout();
  void router.push({ name: 'login' });
});

document.documentElement.lang = i18n.global.locale.value;
app.mount('#app');
