import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '@/api';
import type { User } from '@/api';
import { canSwitchRegion } from '@/lib/region';
import { menuFor } from '@/lib/roles';

const TOKEN_KEY = 'tongban.token';
const USER_KEY = 'tongban.user';

export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | undefined>(sessionStorage.getItem(TOKEN_KEY) ?? undefined);
  const user = ref<User | undefined>(readUser());
  /** The region the user is looking at; their own unless they switched (above town level). */
  const regionCode = ref<string | null | undefined>(user.value?.regionCode);
  api.setToken(token.value);

  const loggedIn = computed(() => token.value !== undefined && user.value !== undefined);
  const roles = computed(() => user.value?.roles ?? []);
  const menu = computed(() => menuFor(roles.value));
  const maySwitchRegion = computed(() => canSwitchRegion(user.value?.regionCode));

  async function login(username: string, password: string): Promise<void> {
    const r = await api.login(username, password);
    token.value = r.token;
    user.value = r.user;
    regionCode.value = r.user.regionCode;
    api.setToken(r.token);
    sessionStorage.setItem(TOKEN_KEY, r.token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(r.user));
  }

  function logout(): void {
    token.value = undefined;
    user.value = undefined;
    api.setToken(undefined);
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  }

  return { token, user, regionCode, loggedIn, roles, menu, maySwitchRegion, login, logout };
});

function readUser(): User | undefined {
  try {
    const raw = sessionStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as User) : undefined;
  } catch {
    return undefined;
  }
}
