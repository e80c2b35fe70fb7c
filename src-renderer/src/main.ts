// Renderer entry: picks the transport (Electron preload or the HTTP server this page came from) and mounts the app.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createClientForWindow, setStudioClient } from './api';
import './styles/base.css';

setStudioClient(createClientForWindow(window));
createApp(App).use(createPinia()).mount('#app');
