// The OpenLedger dashboard: one page per question a contributor, model owner or operator asks,
// routed by the URL's hash (#/datanets/0), rendered with lit from the node's runtime APIs.

import { LitElement, html, svg, nothing } from 'lit';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import * as chain from './chain.js';
import { bytes, DEV_NAMES, open, perbill, short, toBigInt } from './format.js';
import { merkleRoot, total } from './merkle.js';
import { pieces, spanRanges } from './spans.js';

/** Blocks of history the pages read back: an hour of six-second blocks. */
const HISTORY_BLOCKS = 600;
/** Epochs of history the attribution and model pages show. */
const HISTORY_EPOCHS = 20;

/**
 * The accounts the page can act as: the dev accounts (signed here with their well-known keys) and
 * those of any browser extension present (signed by the extension), by address.
 */
const dev = { keyring: null, byAddress: new Map(), extension: new Map() };

/**
 * The accounts of the browser extensions present (polkadot{.js}, Talisman, SubWallet… all inject
 * `window.injectedWeb3`), each with its extension's signer.
 */
async function extensionAccounts() {
  const found = [];
  for (const [source, extension] of Object.entries(window.injectedWeb3 ?? {})) {
    try {
      const enabled = await extension.enable('OpenLedger dashboard');
      for (const account of await enabled.accounts.get()) {
        found.push({ address: account.address, name: `${account.name ?? short(account.address)} (${source})`, signer: enabled.signer });
      }
    } catch {
      // Refused or failed: the dev accounts remain.
    }
  }
  return found;
}

/** The name of a dev account, else its short address; the full address in the title. */
function who(address) {
  const name = dev.byAddress.get(String(address));
  return html`<span class="account" title=${address}>${name ?? short(address)}</span>`;
}

/** A line chart of `points` ({ x, y }) as inline SVG. */
function lineChart(points, { label, unit = '', height = 120, width = 560 }) {
  if (points.length < 2) return html`<p class="empty">Not enough blocks yet for the ${label} chart.</p>`;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const yMax = Math.max(...ys, 1e-9);
  const px = (x) => ((x - x0) / (x1 - x0 || 1)) * (width - 40) + 36;
  const py = (y) => height - 16 - (y / yMax) * (height - 28);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
  return html`<figure class="chart" data-chart=${label}>
    <figcaption>${label}</figcaption>
    <svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${label}>
      ${svg`<line x1="36" y1=${height - 16} x2=${width - 4} y2=${height - 16} class="axis"></line>
        <text x="2" y="14" class="tick">${yMax.toFixed(yMax < 10 ? 1 : 0)}${unit}</text>
        <text x="2" y=${height - 18} class="tick">0</text>
        <text x="36" y=${height - 2} class="tick">#${x0}</text>
        <text x=${width - 60} y=${height - 2} class="tick">#${x1}</text>
        <path d=${path} class="line"></path>`}
    </svg>
  </figure>`;
}

/** A bar chart of `bars` ({ label, value: BigInt }) as inline SVG, values in OPEN. */
function barChart(bars, { label, height = 140, width = 560 }) {
  if (!bars.length) return html`<p class="empty">No epochs yet.</p>`;
  const max = bars.reduce((m, b) => (b.value > m ? b.value : m), 1n);
  const step = (width - 40) / bars.length;
  return html`<figure class="chart" data-chart=${label}>
    <figcaption>${label}</figcaption>
    <svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${label}>
      ${bars.map((b, i) => {
        const h = Number((b.value * 1000n) / max) / 1000 * (height - 30);
        return svg`<rect x=${36 + i * step + 1} y=${height - 16 - h} width=${Math.max(1, step - 2)} height=${h} class="bar"><title>${b.label}: ${open(b.value)}</title></rect>
          <text x=${36 + i * step + step / 2} y=${height - 2} class="tick" text-anchor="middle">${b.label}</text>`;
      })}
    </svg>
  </figure>`;
}

/** The lineage of `models` as a graph: each base above its adapters. */
function lineageGraph(models, focus) {
  const byId = new Map(models.map((m) => [m.id, m]));
  const root = (m) => (m.lineage.length ? m.lineage[m.lineage.length - 1] : m.id);
  const family = models.filter((m) => root(m) === root(focus));
  const levels = [];
  for (const m of family) (levels[m.depth] ??= []).push(m);
  const [w, h, boxW, boxH] = [560, 90 * levels.length + 10, 150, 40];
  const place = new Map();
  levels.forEach((row, depth) =>
    row.forEach((m, i) => place.set(m.id, { x: ((i + 1) * w) / (row.length + 1) - boxW / 2, y: 10 + depth * 90 })),
  );
  return html`<svg class="lineage" viewBox="0 0 ${w} ${h}" role="img" aria-label="lineage">
    ${family
      .filter((m) => m.base != null && place.has(m.base))
      .map((m) => {
        const [a, b] = [place.get(m.base), place.get(m.id)];
        return svg`<line class="edge" data-from=${m.base} data-to=${m.id} x1=${a.x + boxW / 2} y1=${a.y + boxH} x2=${b.x + boxW / 2} y2=${b.y}></line>`;
      })}
    ${family.map((m) => {
      const p = place.get(m.id);
      return svg`<a href="#/models/${m.id}"><g class=${m.id === focus.id ? 'node focus' : 'node'} data-model=${m.id} data-depth=${m.depth}>
        <rect x=${p.x} y=${p.y} width=${boxW} height=${boxH} rx="6"></rect>
        <text x=${p.x + boxW / 2} y=${p.y + 17} text-anchor="middle">${m.name}</text>
        <text x=${p.x + boxW / 2} y=${p.y + 32} text-anchor="middle" class="tick">#${m.id} ${m.base == null ? 'base' : `adapter of #${byId.get(m.base)?.id ?? m.base}`}</text>
      </g></a>`;
    })}
  </svg>`;
}

/** An account's allocations, one per operator. */
function escrowTable(escrow) {
  return html`<table><thead><tr><th>Operator</th><th>Allocation</th><th>Allocated</th><th>Unlocking</th><th>Channels</th></tr></thead>
    <tbody>${escrow.map((e) => html`<tr data-escrow=${e.operator}><td>${who(e.operator)}</td><td>#${e.id}</td><td data-field="allocated">${open(e.amount)}</td>
      <td>${e.unlocking ? html`${open(e.unlocking)} at #${e.unlockAt}` : 'nothing'}</td><td>${e.channels}</td></tr>`)}</tbody></table>`;
}

/** `text` with the words of `span` (a run of words of it) marked. */
function highlight(textWords, start, words) {
  const all = textWords.split(' ');
  return html`${all.slice(0, start).join(' ')} <mark>${all.slice(start, start + words).join(' ')}</mark> ${all.slice(start + words).join(' ')}`;
}

class Dashboard extends LitElement {
  static properties = {
    route: { state: true },
    api: { state: true },
    error: { state: true },
    page: { state: true },
    health: { state: true },
    message: { state: true },
    account: { state: true },
  };

  // The page is styled by src/style.css: render into the light DOM.
  createRenderRoot() {
    return this;
  }

  constructor() {
    super();
    this.route = location.hash.slice(1) || '/';
    this.page = { loading: true };
    this.health = { samples: [], pool: null, finalized: null, epoch: null };
    this.account = localStorage.getItem('openledger.account') || null;
    window.addEventListener('hashchange', () => {
      this.route = location.hash.slice(1) || '/';
      this.load();
    });
    this.start();
  }

  async start() {
    await cryptoWaitReady();
    dev.keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    for (const name of DEV_NAMES) {
      const pair = dev.keyring.addFromUri(`//${name}`, { name });
      dev.byAddress.set(pair.address, name);
    }
    for (const account of await extensionAccounts()) {
      // Re-encoded with the chain's prefix, so that it compares with the chain's addresses.
      const address = dev.keyring.encodeAddress(dev.keyring.decodeAddress(account.address), 42);
      dev.byAddress.set(address, account.name);
      dev.extension.set(address, account.signer);
    }
    this.account ??= dev.keyring.getPairs()[0].address;
    try {
      this.api = await chain.connect(chain.nodeUrl());
    } catch (error) {
      this.error = `The node is unreachable: ${error.message}. Start it with scripts/run-dev.sh, or name another with ?node=ws://host:port.`;
      return;
    }
    this.api.on('disconnected', () => (this.error = `Lost the node at ${chain.nodeUrl()}; reconnecting…`));
    this.api.on('connected', () => (this.error = null));
    this.watchHealth();
    this.load();
  }

  /** Follows new and finalised heads, the pool and the epoch, keeping an hour of samples. */
  async watchHealth() {
    const api = this.api;
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const samples = await chain.recentSamples(api, head, HISTORY_BLOCKS);
    this.health = { ...this.health, samples };
    const capacity = chain.normalCapacity(api);
    api.rpc.chain.subscribeFinalizedHeads((h) => (this.health = { ...this.health, finalized: h.number.toNumber() }));
    api.rpc.chain.subscribeNewHeads(async (header) => {
      const sample = await chain.blockSample(api, header.hash, capacity);
      const kept = this.health.samples.filter((s) => s.number < sample.number).slice(-HISTORY_BLOCKS + 1);
      const [pool, epoch] = await Promise.all([chain.poolSize(api), chain.epochStatus(api)]);
      // What only the live view knows: the pool and the finality lag at each block since the page opened.
      const lag = this.health.finalized == null ? null : Math.max(0, sample.number - this.health.finalized);
      this.health = { ...this.health, samples: [...kept, { ...sample, pool, lag }], pool, epoch };
    });
    setInterval(() => this.requestUpdate(), 1000);
  }

  /** Loads what the current route shows. */
  async load() {
    if (!this.api) return;
    const route = this.route;
    this.page = { loading: true };
    this.message = null;
    try {
      const page = await this.fetchPage(route);
      if (route === this.route) this.page = page;
    } catch (error) {
      if (route === this.route) this.page = { error: error.message };
    }
  }

  async fetchPage(route) {
    const api = this.api;
    const parts = route.split('/').filter(Boolean);
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    switch (parts[0]) {
      case undefined:
        return { kind: 'overview' };
      case 'datanets': {
        const all = await chain.datanets(api);
        if (parts[1] == null) return { kind: 'datanets', datanets: all };
        const datanet = all.find((d) => d.id === Number(parts[1]));
        if (!datanet) return { error: `There is no datanet ${parts[1]}.` };
        const details = datanet.datanet;
        const contributions = await chain.contributions(api, datanet.id, details.nextContributionId);
        const rejections = await chain.recentEvents(api, head, HISTORY_BLOCKS, (e) =>
          e.section === 'datanets' && e.method === 'ContributionRejected' && e.data.datanetId.toNumber() === datanet.id);
        return { kind: 'datanet', datanet, contributions, rejections };
      }
      case 'models': {
        const all = await chain.models(api);
        if (parts[1] == null) return { kind: 'models', models: all };
        const model = all.find((m) => m.id === Number(parts[1]));
        if (!model) return { error: `There is no model ${parts[1]}.` };
        const epoch = (await api.call.attributionApi.currentEpoch()).epoch.toNumber();
        const usage = await chain.modelUsage(api, epoch - HISTORY_EPOCHS + 1, epoch);
        return { kind: 'model', model, models: all, usage };
      }
      case 'metering': {
        const batches = await chain.recentEvents(api, head, HISTORY_BLOCKS, (e) => e.section === 'inference' && e.method === 'BatchSettled');
        const escrow = await chain.escrows(api, this.account);
        return { kind: 'metering', batches, escrow };
      }
      case 'attribution': {
        const current = (await api.call.attributionApi.currentEpoch()).epoch.toNumber();
        if (parts[1] == null) {
          const epochs = [];
          for (let e = current; e >= Math.max(0, current - HISTORY_EPOCHS + 1); e--) epochs.push(e);
          const rounds = await chain.mapLimit(epochs, 8, (e) => chain.epochDetail(api, e));
          const slashes = await chain.recentEvents(api, head, HISTORY_BLOCKS, (e) => e.section === 'attribution' && e.method === 'AttributorSlashed');
          return { kind: 'attribution', current, rounds, slashes };
        }
        const detail = await chain.epochDetail(api, Number(parts[1]));
        const reports = await Promise.all(
          detail.reports.map(async (r) => {
            try {
              return { ...r, report: await chain.fetchJson(r.uri) };
            } catch (error) {
              return { ...r, unreachable: error.message };
            }
          }),
        );
        return { kind: 'epoch', detail: { ...detail, reports }, contents: await this.creditedContents(reports) };
      }
      case 'account':
        return { kind: 'account', ...(await this.accountPage(head)) };
      default:
        return { error: `No page at #${route}.` };
    }
  }

  /**
   * The text of every contribution the reports credit with a span, fetched from its URI and
   * checked against its hash on chain, by `datanet/id`.
   */
  async creditedContents(reports) {
    const wanted = new Map();
    for (const r of reports) {
      for (const m of r.report?.models ?? []) {
        for (const c of m.contributions) if (c.examples.length) wanted.set(`${c.datanet}/${c.id}`, c);
      }
    }
    const entries = await chain.mapLimit([...wanted], 4, async ([key, c]) => {
      try {
        const found = await this.api.call.datanetsApi.contribution(c.datanet, c.id);
        if (found.isNone) return [key, { error: 'not on chain' }];
        const record = found.unwrap();
        const url = chain.contentUrl(record.uri.toUtf8());
        const response = await fetch(url);
        if (!response.ok) return [key, { error: `${url}: ${response.status}` }];
        const body = new Uint8Array(await response.arrayBuffer());
        const hashOk = blake2AsHex(body, 256) === record.contentHash.toHex();
        return [key, { text: new TextDecoder().decode(body), hashOk, url }];
      } catch (error) {
        return [key, { error: error.message }];
      }
    });
    return new Map(entries);
  }

  /** What the chosen account has: datanets, contributions, models, escrow and claimable rewards. */
  async accountPage() {
    const api = this.api;
    const me = this.account;
    const [datanets, models, escrow, status] = await Promise.all([
      chain.datanets(api),
      chain.models(api),
      chain.escrows(api, me),
      api.call.attributionApi.currentEpoch(),
    ]);
    const mine = [];
    for (const d of datanets) {
      const { list } = await chain.contributions(api, d.id, d.datanet.nextContributionId);
      for (const c of list.filter((c) => c.contributor === me)) mine.push({ datanet: d, ...c });
    }
    const current = status.epoch.toNumber();
    const epochs = [];
    for (let e = current - 1; e >= Math.max(0, current - HISTORY_EPOCHS); e--) epochs.push(e);
    const rewards = (
      await chain.mapLimit(epochs, 4, async (epoch) => {
        const detail = await chain.epochDetail(api, epoch);
        if (!detail.settlement) return null;
        for (const { uri } of detail.reports) {
          let settlement;
          try {
            settlement = await chain.fetchJson(chain.settlementUrl(uri));
          } catch {
            continue;
          }
          if (settlement.root !== detail.settlement.root) continue;
          const claim = settlement.claims.find((c) => c.account === me);
          if (!claim) return null;
          const claimed = (await api.call.attributionApi.isClaimed(epoch, me)).isTrue;
          // Claims are paid once the round has closed, after its challenge window.
          const closed = detail.round.phase === 'Closed';
          return { epoch, claim, numberOfLeaves: settlement.number_of_leaves, claimed, expired: detail.settlement.expired, closed, closeFrom: detail.round.closeFrom };
        }
        return detail.reports.length ? { epoch, unreachable: true } : null;
      })
    ).filter(Boolean);
    return {
      me,
      datanets: datanets.filter((d) => d.datanet.owner === me),
      contributions: mine,
      models: models.filter((m) => m.owner === me || m.operators.includes(me)),
      escrow,
      balance: toBigInt((await api.query.system.account(me)).data.free),
      rewards,
    };
  }

  /** Submits the claim of `reward` with the proof from its settlement, signed by the chosen dev account. */
  async claim(reward) {
    // An extension's account is signed by its extension; a dev account here.
    const signer = dev.extension.get(this.account);
    const [from, options] = signer ? [this.account, { signer }] : [dev.keyring.getPair(this.account), {}];
    const proof = { leafIndex: reward.claim.leaf_index, numberOfLeaves: reward.numberOfLeaves, items: reward.claim.proof };
    const tx = this.api.tx.attribution.claim(reward.epoch, reward.claim.account, reward.claim.amount, proof);
    this.message = `Claiming epoch ${reward.epoch}…`;
    try {
      await new Promise((resolve, reject) => {
        tx.signAndSend(from, options, ({ status, dispatchError }) => {
          if (dispatchError) {
            const error = dispatchError.isModule ? this.api.registry.findMetaError(dispatchError.asModule) : null;
            reject(new Error(error ? `${error.section}.${error.name}: ${error.docs.join(' ')}` : dispatchError.toString()));
          } else if (status.isInBlock) resolve();
        }).catch(reject);
      });
      // Reloaded first: a reload clears the message of the page it replaces.
      await this.load();
      this.message = `Claimed ${open(reward.claim.amount)} of epoch ${reward.epoch}.`;
    } catch (error) {
      this.message = `The claim failed: ${error.message}`;
    }
  }

  render() {
    const nav = [
      ['/', 'Overview'],
      ['/datanets', 'Datanets'],
      ['/models', 'Models'],
      ['/metering', 'Metering'],
      ['/attribution', 'Attribution'],
      ['/account', 'My account'],
    ];
    const top = `/${this.route.split('/').filter(Boolean)[0] ?? ''}`;
    return html`<header>
        <h1><a href="#/">OpenLedger</a></h1>
        <nav>${nav.map(([path, name]) => html`<a href="#${path}" class=${top === path ? 'active' : ''}>${name}</a>`)}</nav>
        <span class="node" title="node">${chain.nodeUrl()}</span>
      </header>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.message ? html`<p class="message" role="status">${this.message}</p>` : nothing}
      <main data-page=${this.page.kind ?? (this.page.loading ? 'loading' : 'error')}>${this.renderPage()}</main>`;
  }

  renderPage() {
    if (this.error && !this.api) return nothing;
    if (this.page.loading) return html`<p class="empty">Loading…</p>`;
    if (this.page.error) return html`<p class="error" role="alert">${this.page.error}</p>`;
    const render = {
      overview: () => this.overview(),
      datanets: () => this.datanetsPage(),
      datanet: () => this.datanetPage(),
      models: () => this.modelsPage(),
      model: () => this.modelPage(),
      metering: () => this.meteringPage(),
      attribution: () => this.attributionPage(),
      epoch: () => this.epochPage(),
      account: () => this.accountView(),
    }[this.page.kind];
    return render();
  }

  overview() {
    const { samples, pool, finalized, epoch } = this.health;
    const last = samples[samples.length - 1];
    const times = samples.slice(1).map((s, i) => ({ x: s.number, y: (s.timestamp - samples[i].timestamp) / 1000 }));
    const recent = times.slice(-20);
    const blockTime = recent.length ? recent.reduce((a, t) => a + t.y, 0) / recent.length : null;
    const target = chain.targetBlockMs(this.api);
    const left = epoch ? Math.max(0, epoch.endsAt - epoch.now) : null;
    // Counts down between blocks from the last block's timestamp.
    const seconds = left == null || !last ? null : Math.max(0, Math.round((left * target - (Date.now() - last.timestamp)) / 1000));
    const live = samples.filter((s) => s.pool != null);
    return html`<section class="cards">
        <div class="card" data-metric="best"><h3>Best block</h3><p>${last ? `#${last.number}` : '…'}</p></div>
        <div class="card" data-metric="finality-lag"><h3>Finality lag</h3><p>${last && finalized != null ? `${Math.max(0, last.number - finalized)} blocks` : '…'}</p><small>finalised #${finalized ?? '…'}</small></div>
        <div class="card" data-metric="block-time"><h3>Block time</h3><p>${blockTime != null ? `${blockTime.toFixed(1)} s` : '…'}</p><small>target ${target / 1000} s, last 20 blocks</small></div>
        <div class="card" data-metric="fullness"><h3>Block fullness</h3><p>${last ? `${last.fullness.toFixed(2)} %` : '…'}</p><small>normal weight used</small></div>
        <div class="card" data-metric="pool"><h3>Transaction pool</h3><p>${pool ?? '…'}</p><small>ready and future</small></div>
        <div class="card" data-metric="epoch"><h3>Epoch</h3><p>${epoch ? epoch.epoch : '…'}</p>
          <small>${epoch ? html`ends at #${epoch.endsAt}: ${left} blocks, about <span data-countdown>${seconds}</span> s` : ''}</small></div>
        <div class="card" data-metric="round"><h3>Round of epoch ${epoch?.round?.epoch ?? '–'}</h3>
          <p>${epoch?.round ? epoch.round.phase : 'none yet'}</p>
          <small>${epoch?.round ? html`${epoch.round.committers} committed, bond ${open(epoch.round.committedBond)} of a quorum of ${open(epoch.round.quorumBond)}` : ''}</small></div>
      </section>
      <section class="charts">
        ${lineChart(times, { label: 'Block time (s)', unit: ' s' })}
        ${lineChart(samples.map((s) => ({ x: s.number, y: s.fullness })), { label: 'Block fullness (% of normal weight)', unit: ' %' })}
        ${lineChart(samples.map((s) => ({ x: s.number, y: s.extrinsics })), { label: 'Extrinsics per block' })}
        ${lineChart(live.map((s) => ({ x: s.number, y: s.pool })), { label: 'Transaction pool (since the page opened)' })}
        ${lineChart(live.filter((s) => s.lag != null).map((s) => ({ x: s.number, y: s.lag })), { label: 'Finality lag in blocks (since the page opened)' })}
      </section>`;
  }

  datanetsPage() {
    const list = this.page.datanets;
    if (!list.length) return html`<p class="empty">No datanet has been created yet.</p>`;
    return html`<h2>Datanets</h2><table>
      <thead><tr><th>#</th><th>Name</th><th>Owner</th><th>Status</th><th>Accepted</th><th>Pending</th><th>Versions</th><th>Bond</th></tr></thead>
      <tbody>${list.map((d) => html`<tr data-datanet=${d.id}>
        <td>${d.id}</td><td><a href="#/datanets/${d.id}">${d.codec.datanet.metadata.name.toUtf8()}</a></td><td>${who(d.datanet.owner)}</td>
        <td>${d.datanet.status}</td><td>${d.datanet.commitment.count}</td><td>${d.datanet.pending}</td><td>${d.datanet.latestVersion}</td>
        <td>${open(d.codec.datanet.contributionBond)}</td></tr>`)}</tbody></table>`;
  }

  datanetPage() {
    const { datanet, contributions, rejections } = this.page;
    const d = datanet.codec.datanet;
    return html`<h2>Datanet ${datanet.id}: ${d.metadata.name.toUtf8()}</h2>
      <dl>
        <dt>Owner</dt><dd>${who(d.owner)}</dd>
        <dt>Curators</dt><dd>${d.curators.length ? d.curators.map((c) => who(c)) : 'the owner only'}</dd>
        <dt>Description</dt><dd>${d.metadata.description.toUtf8()}</dd>
        <dt>Licence</dt><dd>${d.metadata.licence.toUtf8()}</dd>
        <dt>Contribution bond</dt><dd data-field="bond">${open(d.contributionBond)}</dd>
        <dt>Status</dt><dd>${d.status.type}</dd>
        <dt>Pending queue</dt><dd data-field="pending">${d.pending.toNumber()}</dd>
      </dl>
      <h3>Versions</h3>
      <table><thead><tr><th>Version</th><th>Root</th><th>Contributions</th><th>Size</th><th>Published at</th></tr></thead>
        <tbody>${datanet.codec.versions.map(([v, info]) => html`<tr data-version=${v.toNumber()}>
          <td>${v.toNumber()}</td><td class="hash">${info.commitment.root.toHex()}</td><td>${info.commitment.count.toNumber()}</td>
          <td>${bytes(info.commitment.bytes.toNumber())}</td><td>#${info.publishedAt.toNumber()}</td></tr>`)}</tbody></table>
      <h3>Contributors</h3>
      <table><thead><tr><th>Contributor</th><th>Accepted</th><th>Rejected</th><th>Pending</th><th>Bytes accepted</th></tr></thead>
        <tbody>${[...contributions.stats].map(([account, s]) => html`<tr data-contributor=${account}>
          <td>${who(account)}</td><td>${s.accepted}</td><td>${s.rejected}</td><td>${s.pending}</td><td>${bytes(s.bytes)}</td></tr>`)}</tbody></table>
      <h3>Contributions</h3>
      <table><thead><tr><th>#</th><th>Contributor</th><th>Status</th><th>Size</th><th>Hash</th><th>URI</th></tr></thead>
        <tbody>${contributions.list.map((c) => html`<tr data-contribution=${c.id}>
          <td>${c.id}</td><td>${who(c.contributor)}</td><td>${c.status}${c.position != null ? ` (#${c.position})` : ''}</td>
          <td>${bytes(c.size)}</td><td class="hash">${c.hash}</td><td>${c.uri}</td></tr>`)}</tbody></table>
      <h3>Rejections in the last ${HISTORY_BLOCKS} blocks</h3>
      ${rejections.length
        ? html`<ul>${rejections.map(({ number, event }) => html`<li>#${number}: contribution ${event.data.contributionId.toNumber()} of ${who(event.data.contributor)} rejected by a curator, ${open(event.data.slashed)} of its bond slashed</li>`)}</ul>`
        : html`<p class="empty">None.</p>`}`;
  }

  modelsPage() {
    const list = this.page.models;
    if (!list.length) return html`<p class="empty">No model has been registered yet.</p>`;
    return html`<h2>Models</h2><table>
      <thead><tr><th>#</th><th>Name</th><th>Owner</th><th>Kind</th><th>Status</th><th>Price per 1k in / out</th><th>Data share</th><th>Operators</th></tr></thead>
      <tbody>${list.map((m) => html`<tr data-model=${m.id}>
        <td>${m.id}</td><td><a href="#/models/${m.id}">${m.name}</a></td><td>${who(m.owner)}</td>
        <td>${m.base == null ? 'base' : html`adapter of <a href="#/models/${m.base}">#${m.base}</a>`}</td><td>${m.status}</td>
        <td>${open(m.perInput)} / ${open(m.perOutput)}</td><td>${perbill(m.dataShare)}</td><td>${m.operators.map((o) => who(o))}</td></tr>`)}</tbody></table>`;
  }

  modelPage() {
    const { model: m, models, usage } = this.page;
    const paid = usage.map((u) => ({ label: String(u.epoch), value: u.pools.get(m.id)?.paid ?? 0n }));
    return html`<h2>Model ${m.id}: ${m.name}</h2>
      <dl>
        <dt>Owner</dt><dd>${who(m.owner)}</dd>
        <dt>Card</dt><dd>${m.description}</dd>
        <dt>Status</dt><dd>${m.status}</dd>
        <dt>Price</dt><dd data-field="price">${open(m.perInput)} per 1,000 input tokens, ${open(m.perOutput)} per 1,000 output tokens</dd>
        <dt>Data share</dt><dd data-field="data-share">${perbill(m.dataShare)} of its fees pays the data it was trained on</dd>
        <dt>Operators</dt><dd>${m.operators.length ? m.operators.map((o) => who(o)) : 'none'}</dd>
        <dt>Training set</dt><dd data-field="training-set">${m.trainingSet.map(([d, v]) => html`<a href="#/datanets/${d}">datanet ${d} version ${v}</a> `)}</dd>
      </dl>
      <h3>Lineage</h3>
      ${lineageGraph(models, m)}
      <h3>Usage per epoch</h3>
      ${barChart(paid, { label: 'Fees paid per epoch (OPEN)' })}
      <table><thead><tr><th>Epoch</th><th>Paid</th><th>To its data</th></tr></thead>
        <tbody>${usage.filter((u) => u.pools.has(m.id)).reverse().map((u) => html`<tr data-epoch=${u.epoch}>
          <td><a href="#/attribution/${u.epoch}">${u.epoch}</a></td><td>${open(u.pools.get(m.id).paid)}</td><td>${open(u.pools.get(m.id).data)}</td></tr>`)}</tbody></table>`;
  }

  meteringPage() {
    const { batches, escrow } = this.page;
    return html`<h2>Metering</h2>
      <h3>Settled batches in the last ${HISTORY_BLOCKS} blocks</h3>
      ${batches.length
        ? html`<table><thead><tr><th>Block</th><th>Operator</th><th>Settled</th><th>Charged</th><th>Skipped (receipt: reason)</th><th>Usage log</th></tr></thead>
          <tbody>${batches.map(({ number, event }) => {
            const d = event.data;
            return html`<tr data-batch=${number}><td>#${number}</td><td>${who(d.operator)}</td><td>${d.settled.toNumber()}</td>
              <td>${open(d.totals.amount ?? d.totals.charged ?? 0n)}</td>
              <td>${d.skipped.length ? d.skipped.map(([i, reason]) => html`<span class="skip">${i.toNumber()}: ${reason.type}</span> `) : 'none'}</td>
              <td>${d.log.isSome ? html`<span class="hash">${d.log.unwrap().uri.toUtf8()}</span>` : '–'}</td></tr>`;
          })}</tbody></table>`
        : html`<p class="empty">No batch settled in the last ${HISTORY_BLOCKS} blocks.</p>`}
      <h3>Escrow of ${who(this.account)}</h3>
      ${this.accountPicker()}
      ${escrow.length
        ? escrowTable(escrow)
        : html`<p class="empty">No escrow.</p>`}`;
  }

  attributionPage() {
    const { rounds, slashes } = this.page;
    return html`<h2>Attribution</h2>
      <table><thead><tr><th>Epoch</th><th>Phase</th><th>Committers</th><th>Reveals</th><th>Quorum</th><th>Data pool</th><th>Carried in</th><th>Settled total</th><th>Claimed</th><th>Reports</th></tr></thead>
        <tbody>${rounds.map((r) => html`<tr data-epoch=${r.epoch}>
          <td><a href="#/attribution/${r.epoch}">${r.epoch}</a></td>
          <td>${r.round.phase}${r.round.annulled ? ' (annulled)' : ''}</td>
          <td>${r.round.committers}</td>
          <td data-field="reveals">${r.commitments.filter((c) => c.revealed).length}</td>
          <td><progress max="100" value=${r.round.quorumBond ? Number((r.round.committedBond * 100n) / r.round.quorumBond) : 0}></progress></td>
          <td>${r.pool ? open(r.pool.data) : '–'}</td>
          <td>${r.pool ? open(r.pool.carriedData) : '–'}</td>
          <td>${r.settlement ? open(r.settlement.total) : '–'}</td>
          <td>${r.settlement ? open(r.settlement.claimed) : '–'}${r.settlement ? (r.settlement.expired ? ' (expired)' : html`<br /><small>claims until epoch ${r.settlement.expiresIn - 1}</small>`) : ''}</td>
          <td>${r.reports.length}</td></tr>`)}</tbody></table>
      <h3>Slashes in the last ${HISTORY_BLOCKS} blocks</h3>
      ${slashes.length
        ? html`<ul>${slashes.map(({ number, event }) => html`<li data-slash=${number}>#${number}: ${who(event.data.attributor)} slashed ${open(event.data.amount)} over epoch <a href="#/attribution/${event.data.epoch}">${event.data.epoch.toNumber()}</a> (strike ${event.data.strikes.toNumber()})</li>`)}</ul>`
        : html`<p class="empty">None.</p>`}`;
  }

  epochPage() {
    const { detail } = this.page;
    const { round, settlement, pool } = detail;
    return html`<h2>Epoch ${detail.epoch}</h2>
      <dl>
        <dt>Phase</dt><dd>${round.phase}${round.finalised ? ', finalised' : ''}${round.annulled ? ', annulled' : ''}</dd>
        <dt>Windows</dt><dd>commit from #${round.commitFrom}, reveal from #${round.revealFrom}, challenge from #${round.challengeFrom}, close from #${round.closeFrom}</dd>
        <dt>Quorum</dt><dd>${round.committers} committed ${open(round.committedBond)} of ${open(round.quorumBond)} needed (eligible stake ${open(round.eligibleStake)})</dd>
        <dt>Data pool</dt><dd>${pool ? html`${open(pool.data)} (${open(pool.carriedData)} carried in)` : 'none'}</dd>
        <dt>Settlement</dt><dd data-field="settlement">${settlement
          ? html`root <span class="hash" data-root>${settlement.root}</span>, total ${open(settlement.total)}, claimed ${open(settlement.claimed)}, finalised at #${settlement.finalisedAt}${settlement.expired ? ', expired' : `, claimable until the end of epoch ${settlement.expiresIn - 1}`}`
          : 'not finalised'}</dd>
      </dl>
      <h3>Commitments</h3>
      ${detail.commitments.length
        ? html`<table><thead><tr><th>Attributor</th><th>Stake</th><th>Revealed result</th></tr></thead><tbody>${detail.commitments.map((c) => html`<tr data-commitment=${c.attributor}>
            <td>${who(c.attributor)}</td><td>${open(c.stake)}</td><td class="hash">${c.revealed ?? 'not revealed'}</td></tr>`)}</tbody></table>`
        : html`<p class="empty">No commitment (or the epoch was pruned).</p>`}
      ${detail.reports.length ? detail.reports.map((r) => this.report(r, settlement)) : html`<p class="empty">No attributor has named a report for this epoch.</p>`}`;
  }

  report(named, settlement) {
    if (named.unreachable) return html`<section class="report"><h3>Report of ${who(named.attributor)}</h3><p class="error">The report is unreachable: ${named.unreachable}</p></section>`;
    const report = named.report;
    const verify = () => {
      const root = merkleRoot(report.leaves);
      const sum = total(report.leaves);
      const ok = settlement && root === settlement.root && sum === settlement.total;
      named.verified = { root, ok, sum };
      this.requestUpdate();
    };
    return html`<section class="report" data-attributor=${named.attributor}>
      <h3>Report of ${who(named.attributor)} <small class="hash">${named.uri}</small></h3>
      <button data-action="verify" @click=${verify}>Verify: recompute the root from the report</button>
      ${named.verified
        ? html`<p class=${named.verified.ok ? 'ok' : 'error'} data-verified=${named.verified.ok}>Recomputed root ${named.verified.root}, total ${open(named.verified.sum)}: ${named.verified.ok ? 'the same as the chain’s settlement' : settlement ? 'not the chain’s settlement' : 'nothing finalised to compare with'}.</p>`
        : nothing}
      <h4>Leaves</h4>
      <table><thead><tr><th>Account</th><th>Amount</th></tr></thead><tbody>${report.leaves.map((l) => html`<tr data-leaf=${l.account}><td>${who(l.account)}</td><td>${open(l.amount)}</td></tr>`)}</tbody></table>
      ${report.models.map((m) => html`<h4>Model ${m.model}: paid ${open(m.paid)}, ${open(m.data)} to its data, ${m.outputs} outputs</h4>
        ${m.contributions.map((c) => html`<div class="contribution" data-contribution="${c.datanet}/${c.id}">
          <p><a href="#/datanets/${c.datanet}">datanet ${c.datanet}</a>, contribution ${c.id} by ${who(c.contributor)}: <strong>${open(c.amount)}</strong> for ${c.words} matched words${c.refusal ? html` <span class="error">(${JSON.stringify(c.refusal)})</span>` : ''}</p>
          ${c.examples.length
            ? html`<ul>${c.examples.map((x) => html`<li data-span>output ${x.output} of receipt ${x.receipt} in log ${x.log}, from word ${x.start}: <q>${highlight(x.text, 0, x.words)}</q></li>`)}</ul>`
            : html`<p class="empty">No span of any output matched it.</p>`}
          ${this.contentView(`${c.datanet}/${c.id}`, c.examples.map((x) => x.text))}
        </div>`)}`)}
    </section>`;
  }

  /** A credited contribution's text with the spans the report credits marked. */
  contentView(key, examples) {
    const content = this.page.contents?.get(key);
    if (!examples.length || !content) return nothing;
    if (content.error) return html`<p class="error">The contribution's text is unreachable: ${content.error}</p>`;
    const ranges = spanRanges(content.text, examples);
    return html`<details open class="content" data-content=${key}>
      <summary>In the contribution (${content.url}; ${content.hashOk ? 'matches its hash on chain' : html`<span class="error">does not match its hash on chain</span>`}), ${ranges.length} span${ranges.length === 1 ? '' : 's'} marked</summary>
      <pre>${pieces(content.text, ranges).map((p) => (p.marked ? html`<mark>${p.text}</mark>` : p.text))}</pre>
    </details>`;
  }

  accountPicker() {
    const change = (e) => {
      this.account = e.target.value;
      localStorage.setItem('openledger.account', this.account);
      this.load();
    };
    return html`<label>Account <select data-action="account" @change=${change}>
      ${[...dev.byAddress].map(([address, name]) => html`<option value=${address} ?selected=${address === this.account}>${name}</option>`)}
    </select></label>`;
  }

  accountView() {
    const p = this.page;
    return html`<h2>My account: ${who(p.me)}</h2>
      ${this.accountPicker()}
      <p>Free balance: <strong data-field="balance">${open(p.balance)}</strong></p>
      <h3>Claimable rewards</h3>
      ${p.rewards.length
        ? html`<table><thead><tr><th>Epoch</th><th>Amount</th><th></th></tr></thead><tbody>${p.rewards.map((r) => html`<tr data-reward=${r.epoch}>
            <td><a href="#/attribution/${r.epoch}">${r.epoch}</a></td>
            <td>${r.unreachable ? 'report unreachable' : open(r.claim.amount)}</td>
            <td>${r.unreachable
              ? ''
              : r.claimed
                ? 'claimed'
                : r.expired
                  ? 'expired'
                  : r.closed
                    ? html`<button data-action="claim" @click=${() => this.claim(r)}>Claim</button>`
                    : html`<span data-wait>claimable once the round closes, from #${r.closeFrom}</span>`}</td></tr>`)}</tbody></table>`
        : html`<p class="empty">Nothing to claim in the last ${HISTORY_EPOCHS} epochs.</p>`}
      <h3>Datanets owned</h3>
      ${p.datanets.length ? html`<ul>${p.datanets.map((d) => html`<li><a href="#/datanets/${d.id}">${d.codec.datanet.metadata.name.toUtf8()}</a></li>`)}</ul>` : html`<p class="empty">None.</p>`}
      <h3>Contributions</h3>
      ${p.contributions.length
        ? html`<table><thead><tr><th>Datanet</th><th>#</th><th>Status</th><th>Size</th></tr></thead><tbody>${p.contributions.map((c) => html`<tr><td><a href="#/datanets/${c.datanet.id}">${c.datanet.codec.datanet.metadata.name.toUtf8()}</a></td><td>${c.id}</td><td>${c.status}</td><td>${bytes(c.size)}</td></tr>`)}</tbody></table>`
        : html`<p class="empty">None.</p>`}
      <h3>Models owned or operated</h3>
      ${p.models.length ? html`<ul>${p.models.map((m) => html`<li><a href="#/models/${m.id}">${m.name}</a> (${m.owner === p.me ? 'owner' : 'operator'})</li>`)}</ul>` : html`<p class="empty">None.</p>`}
      <h3>Escrow</h3>
      ${p.escrow.length ? escrowTable(p.escrow) : html`<p class="empty">None.</p>`}`;
  }
}

customElements.define('ol-dashboard', Dashboard);
