import './worker.js';
import './self-import.js';
