/**
 * Resolves once the document is read. A view's module is added by the router while the page is still being read,
 * so it may run before its elements exist: a view's entry awaits this first.
 */
export function domReady(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}
