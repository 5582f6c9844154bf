// tldraw removes its editor 5 s after mounting when it runs unlicensed in production on a real
// https host, leaving only a hidden `[data-testid="tl-license-expired"]` (feasibility.md section
// 2). This spots that, and predicts it, so the page can explain instead of going blank.

const LOCAL_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/

/** True where tldraw will demand a licence: https on a non-local host, with no key built in. */
export function licenseWillBeRequired(location: Pick<Location, 'protocol' | 'hostname'>, key: string | undefined): boolean {
  return !key && location.protocol === 'https:' && !LOCAL_HOSTS.test(location.hostname)
}

/** Calls `onExpired` once if tldraw swaps its editor for the licence gate inside `root`. */
export function watchForLicenseGate(root: HTMLElement, onExpired: () => void): () => void {
  const selector = '[data-testid="tl-license-expired"]'
  if (root.querySelector(selector)) {
    onExpired()
    return () => {}
  }
  // childList only, and only the added nodes are looked at: the canvas mutates constantly.
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element && (node.matches(selector) || node.querySelector(selector))) {
          observer.disconnect()
          onExpired()
          return
        }
      }
    }
  })
  observer.observe(root, { childList: true, subtree: true })
  return () => observer.disconnect()
}
