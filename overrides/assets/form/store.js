// The cases kept in this browser, in IndexedDB: database "fairframe" (one per origin, so every
// edition's form finds every case), store "cases" (one draft per case) and store "aside" (drafts
// that could not be read, kept with the reason until the user clears the device).
// Legacy drafts (localStorage "fairframe.draft.<edition>", one per edition) are imported as cases.
import { ui } from "./messages.js";

const DB_NAME = "fairframe";
const LEGACY_PREFIX = "fairframe.draft.";

let opening;

export function openStore() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains("cases")) db.createObjectStore("cases", { keyPath: "id" });
      if (!db.objectStoreNames.contains("aside")) db.createObjectStore("aside", { keyPath: "id" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error(ui("storage_in_use")));
  });
  return opening;
}

// Opened as this module is first read, while the page sets itself up, so that the list of cases
// does not wait for the database to open (tens of milliseconds on first use). Whoever lists or
// writes cases later gets the same promise, and with it any error.
openStore().catch(() => {});

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Drafts are written at every change: "relaxed" durability lets the browser commit without waiting
// for the disk to flush, as its documentation advises for frequent writes of this kind.
async function run(storeName, mode, action) {
  const db = await openStore();
  const transaction = db.transaction(storeName, mode, { durability: "relaxed" });
  const result = action(transaction.objectStore(storeName));
  transaction.commit?.();  // asked at once, so that a page unloading now still gets it written
  await new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error || new Error(ui("storage_not_stored")));
  });
  return result instanceof IDBRequest ? result.result : result;
}

export const newId = () => crypto.randomUUID();

export function listCases() {
  return run("cases", "readonly", (store) => store.getAll());
}

export function getCase(id) {
  return run("cases", "readonly", (store) => store.get(id));
}

export function putCase(entry) {
  return run("cases", "readwrite", (store) => store.put(entry));
}

export function deleteCase(id) {
  return run("cases", "readwrite", (store) => store.delete(id));
}

// Every case and every draft kept aside, read in one transaction: {cases, aside}.
export async function listAll() {
  const db = await openStore();
  const transaction = db.transaction(["cases", "aside"], "readonly");
  const cases = transaction.objectStore("cases").getAll();
  const aside = transaction.objectStore("aside").getAll();
  await new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
  });
  return { cases: cases.result, aside: aside.result };
}

export function listAside() {
  return run("aside", "readonly", (store) => store.getAll());
}

// Moves a case that could not be read to "aside", in one transaction: never deleted silently.
export async function setAside(entry, reasons) {
  const db = await openStore();
  const transaction = db.transaction(["cases", "aside"], "readwrite");
  const id = typeof entry?.id === "string" ? entry.id : newId();
  transaction.objectStore("aside").put({ id, kept: new Date().toISOString(), reasons, draft: entry });
  if (entry && entry.id !== undefined) transaction.objectStore("cases").delete(entry.id);
  await new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
  });
}

// Every case and every set-aside draft, of every edition, and every legacy draft.
export async function clearEverything() {
  const db = await openStore();
  const transaction = db.transaction(["cases", "aside"], "readwrite");
  transaction.objectStore("cases").clear();
  transaction.objectStore("aside").clear();
  await new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
  });
  for (const key of legacyKeys()) localStorage.removeItem(key);
}

function legacyKeys() {
  const keys = [];
  try {
    for (let index = 0; index < localStorage.length; index++) {
      const key = localStorage.key(index);
      if (key && key.startsWith(LEGACY_PREFIX)) keys.push(key);
    }
  } catch (error) {
    // Storage blocked: there is nothing to import.
  }
  return keys;
}

// Imports each legacy localStorage draft as a case (or, unreadable, as a draft kept aside), then
// removes the key. Returns how many were imported.
export async function importLegacyDrafts() {
  let count = 0;
  for (const key of legacyKeys()) {
    const text = localStorage.getItem(key);
    const edition = key.slice(LEGACY_PREFIX.length);
    let record;
    try {
      record = JSON.parse(text);
    } catch (error) {
      record = undefined;
    }
    const entry = { id: newId(), edition, record, updated: new Date().toISOString(), summary: null, unsaved: true };
    if (record && typeof record === "object" && !Array.isArray(record)) await putCase(entry);
    else await setAside({ ...entry, record: text }, [ui("legacy_draft_unreadable")]);
    localStorage.removeItem(key);
    count++;
  }
  return count;
}

// How much this site stores, and whether the browser has agreed to keep it.
export async function storageState(askToPersist) {
  const state = { usage: null, quota: null, persisted: null };
  if (!navigator.storage) return state;
  try {
    if (askToPersist && navigator.storage.persist) state.persisted = await navigator.storage.persist();
    else if (navigator.storage.persisted) state.persisted = await navigator.storage.persisted();
    if (navigator.storage.estimate) Object.assign(state, await navigator.storage.estimate());
  } catch (error) {
    // Not available here: shown as unknown.
  }
  return state;
}

// A case entry as stored: shape checks only (the record itself is checked by Python on opening).
export function looksLikeCase(entry) {
  return Boolean(entry && typeof entry === "object" && typeof entry.id === "string" && entry.record
    && typeof entry.record === "object" && !Array.isArray(entry.record));
}
