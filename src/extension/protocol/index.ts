export * from './ipc.js';
export * from './simulatorPanel.js';
