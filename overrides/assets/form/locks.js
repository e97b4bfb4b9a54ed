// One tab edits a case at a time. The tab editing case <id> holds the Web Lock
// "fairframe-case-<id>"; another tab that opens the same case is told so and may take over: it
// asks on the BroadcastChannel, the editing tab stores its latest changes, becomes read-only and
// lets go of the lock, and the asking tab gets it. Different cases take different locks.

const CHANNEL = "fairframe-cases";
const TAKE_OVER_WAIT_MS = 3000;

const channel = "BroadcastChannel" in self ? new BroadcastChannel(CHANNEL) : null;
const listeners = new Set();
if (channel) channel.onmessage = ({ data }) => { for (const listener of listeners) listener(data); };

export function broadcast(message) {
  channel?.postMessage(message);
}

export function onBroadcast(listener) {
  listeners.add(listener);
}

const lockName = (id) => `fairframe-case-${id}`;

// The lock of the case being edited in this tab, if any: {id, release}.
let held = null;

// Tries to start editing case id: true if this tab now edits it, false if another tab does.
export async function acquire(id) {
  await releaseHeld();
  if (!navigator.locks) return true;  // no Web Locks: nothing to coordinate with
  return new Promise((resolve) => {
    let release;
    const released = new Promise((done) => { release = done; });
    navigator.locks.request(lockName(id), { ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(false);
        return undefined;
      }
      held = { id, release };
      resolve(true);
      return released;
    }).catch(() => resolve(false));
  });
}

// Takes over case id from the tab editing it: that tab stores its changes and lets go.
export async function takeOver(id) {
  await releaseHeld();
  if (!navigator.locks) return true;
  broadcast({ type: "take-over", id });
  const grant = (options) => new Promise((resolve, reject) => {
    let release;
    const released = new Promise((done) => { release = done; });
    navigator.locks.request(lockName(id), options, () => {
      held = { id, release };
      resolve(true);
      return released;
    }).catch(reject);
  });
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), TAKE_OVER_WAIT_MS);
  try {
    return await grant({ signal: timeout.signal });
  } catch (error) {
    // The other tab did not answer (frozen or closed mid-way): take the lock from it.
    return grant({ steal: true });
  } finally {
    clearTimeout(timer);
  }
}

export async function releaseHeld() {
  if (!held) return;
  const { release } = held;
  held = null;
  release();
  await Promise.resolve();
}

export function holding(id) {
  return held?.id === id;
}
