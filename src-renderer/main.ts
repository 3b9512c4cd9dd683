import { createApp } from 'vue';
import App from './App.vue';
import { setAuthoringChecks } from '../src-core/project/authoring';
import './styles/base.css';
import './styles/inspector.css';
import './styles/plot-panel.css';
import './styles/chart.css';
import './styles/controls.css';

// the backend validates every edit; the schema compiler needs code generation, which the CSP forbids here
setAuthoringChecks(false);
createApp(App).mount('#app');
