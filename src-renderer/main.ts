import { createApp } from 'vue';
import App from './App.vue';
import './styles/base.css';
import './styles/inspector.css';
import './styles/plot-panel.css';
import './styles/chart.css';
import './styles/controls.css';

createApp(App).mount('#app');
