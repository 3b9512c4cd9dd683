import { createApp } from 'vue';
import App from './App.vue';
import './styles/base.css';
import './styles/inspector.css';
import './styles/plot-panel.css';

createApp(App).mount('#app');
