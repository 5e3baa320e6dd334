import './worker.js';
import './cycle-ok-a.js';
