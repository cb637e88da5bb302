// End to end: the dashboard (dashboard/, served by scripts/dashboard.sh) in a real browser
// (Debian's Chromium driven by playwright-core) against a real dev node with the demo content,
// the demo gateway and Alice's attributor daemon. Ferdie pays for demo answers; the daemon
// settles the epoch; then every page is opened as a person would and checked against the
// runtime APIs: the health cards, the demo datanets and models, the adapter under its base in
// the lineage graph, the settled batch, the report's spans marked in the contribution's text,
// the root recomputed in the browser, and a Claim clicked on the page that pays Bob his leaf.
// Each page's screenshot is written to $OPENLEDGER_SCREENSHOTS (default dashboard/screenshots).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { attributorBinary } from '../lib/attributor.mjs';
import { playDemoUsage, serveDemo } from '../lib/demo.mjs';
import { startDevChain } from '../lib/dev-chain.mjs';
import { freePort } from '../lib/node.mjs';
import { findEvent, send } from '../lib/tx.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOTS = process.env.OPENLEDGER_SCREENSHOTS ?? join(ROOT, 'dashboard', 'screenshots');
const CHROMIUM = process.env.OPENLEDGER_CHROMIUM ?? '/usr/bin/chromium';

/** `amount` in OPEN as the page must print it: exact, 18 decimals, trailing zeros dropped. */
function openText(amount) {
  const value = BigInt(amount);
  const unit = 10n ** 18n;
  const fraction = (value % unit).toString().padStart(18, '0').replace(/0+$/, '');
  return `${(value / unit).toLocaleString('en-US')}${fraction ? `.${fraction}` : ''} OPEN`;
}

/** The page's status message once a claim it submitted is in a block or was refused. */
async function claimOutcome(page) {
  await page.waitForFunction(() => /Claimed|failed/.test(document.querySelector('[role=status]')?.textContent ?? ''), null, { timeout: 60_000 });
  return page.textContent('[role=status]');
}

/** Resolves once `url` answers, or fails after `timeoutMs` with `log()`. */
async function waitForHttp(url, timeoutMs, log) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('the dashboard, in a real browser', () => {
  let node;
  let api;
  let stop;
  let dir;
  let gateway;
  let daemon;
  let dashboard;
  let browser;
  let page;
  let base;
  let epoch;
  let usedAt;
  let played;
  const logs = { daemon: '', dashboard: '' };
  let k;

  /** Opens `route` and waits until its page has loaded (or said why not). */
  const open = async (route, name) => {
    // From a blank page, so that each route is a fresh load and not a hash change.
    await page.goto('about:blank');
    await page.goto(`${base}#${route}`);
    await page.waitForFunction(() => {
      const main = document.querySelector('main');
      return main && main.dataset.page !== 'loading';
    }, null, { timeout: 60_000 });
    const kind = await page.getAttribute('main', 'data-page');
    assert.notEqual(kind, 'error', `#${route} loaded: ${await page.textContent('main')}`);
    if (name) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    return kind;
  };

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium at ${CHROMIUM} (scripts/setup.sh installs Debian's; OPENLEDGER_CHROMIUM names another)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    ({ node, api, k, stop } = await startDevChain({ extraArgs: ['--rpc-cors', 'all'] }));
    dir = mkdtempSync(join(tmpdir(), 'openledger-dashboard-'));
    gateway = await serveDemo({ port: 0, logsDir: join(dir, 'logs') });

    const daemonPort = await freePort();
    daemon = spawn(
      attributorBinary(),
      ['run', '--url', node.wsUrl, '--suri', '//Alice', '--data-dir', join(dir, 'alice'), '--http', `127.0.0.1:${daemonPort}`, '--ipfs-gateway', gateway.url, '--poll', '1'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    daemon.stderr.on('data', (chunk) => (logs.daemon += chunk));

    const port = await freePort();
    dashboard = spawn(join(ROOT, 'scripts', 'dashboard.sh'), ['--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    dashboard.stdout.on('data', (chunk) => (logs.dashboard += chunk));
    dashboard.stderr.on('data', (chunk) => (logs.dashboard += chunk));
    await waitForHttp(`http://127.0.0.1:${port}/`, 300_000, () => logs.dashboard);
    base = `http://127.0.0.1:${port}/?node=${encodeURIComponent(node.wsUrl)}&ipfs=${encodeURIComponent(gateway.url)}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => (logs.page = `${logs.page ?? ''}${error.message}\n`));

    // Demo usage, settled by Eve naming its usage log; the daemon settles the epoch.
    played = await playDemoUsage(api, { consumer: k.ferdie, operator: k.eve, logsDir: join(dir, 'logs') });
    usedAt = (await api.rpc.chain.getHeader(played.blockHash)).number.toNumber();
    const epochLength = (await api.call.attributionApi.schedule()).epochLength.toNumber();
    epoch = Math.floor(usedAt / epochLength);
    for (let waited = 0; (await api.call.attributionApi.settlement(epoch)).isNone; waited++) {
      assert.ok(waited < 300, `epoch ${epoch} was settled within five minutes:\n${logs.daemon}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  });

  after(async () => {
    await browser?.close();
    if (dashboard?.pid) {
      try {
        process.kill(-dashboard.pid, 'SIGTERM');
      } catch {}
    }
    daemon?.kill();
    await gateway?.close();
    await stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the overview shows the chain: best block, finality, fullness, pool, epoch and its countdown', async () => {
    await open('/');
    await page.waitForFunction(() => /#\d+/.test(document.querySelector('[data-metric=best] p')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-metric=epoch] p')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });
    const best = Number((await page.textContent('[data-metric=best] p')).trim().slice(1));
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    assert.ok(best <= head && best >= head - 3, `best block #${best} is the node's (#${head})`);
    const shownEpoch = Number((await page.textContent('[data-metric=epoch] p')).trim());
    const status = await api.call.attributionApi.currentEpoch();
    assert.ok(Math.abs(shownEpoch - status.epoch.toNumber()) <= 1, `epoch ${shownEpoch} is the chain's (${status.epoch})`);
    assert.match(await page.textContent('[data-metric=epoch] small'), /ends at #\d+: \d+ blocks, about \d+ s/);
    assert.match(await page.textContent('[data-metric=finality-lag] p'), /^\d+ blocks$/);
    assert.match(await page.textContent('[data-metric=fullness] p'), /^\d+\.\d\d %$/);
    assert.match(await page.textContent('[data-metric=pool] p'), /^\d+$/);
    assert.match(await page.textContent('[data-metric=block-time] p'), /^\d+\.\d s$/);
    // Block time, fullness and extrinsics over the blocks read back; the pool and the finality
    // lag once the page has seen a few blocks itself.
    assert.ok((await page.locator('figure[data-chart] path.line').count()) >= 3);
    await page.waitForFunction(() => document.querySelectorAll('figure[data-chart] path.line').length === 5, null, { timeout: 60_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });
  });

  test('an unreachable node is said, with what to do', async () => {
    const closed = await freePort();
    await page.goto('about:blank');
    await page.goto(`${base.replace(encodeURIComponent(node.wsUrl), encodeURIComponent(`ws://127.0.0.1:${closed}`))}#/datanets`);
    const alert = page.locator('p.error[role=alert]');
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.textContent(), new RegExp(`The node is unreachable: .*127\\.0\\.0\\.1:${closed}.*scripts/run-dev\\.sh`));
    await page.screenshot({ path: join(SCREENSHOTS, 'node-unreachable.png'), fullPage: true });
  });

  test('the datanets: the demo list, and a datanet with its versions, contributors and contributions', async () => {
    await open('/datanets', 'datanets');
    const count = (await api.query.datanets.nextDatanetId()).toNumber();
    assert.equal(await page.locator('tr[data-datanet]').count(), count);
    for (let id = 0; id < count; id++) {
      const d = (await api.call.datanetsApi.datanet(id)).unwrap().datanet;
      const row = page.locator(`tr[data-datanet="${id}"]`);
      assert.match(await row.textContent(), new RegExp(d.metadata.name.toUtf8().replace(/[?&]/g, '.')));
      assert.equal((await row.locator('td').nth(4).textContent()).trim(), d.commitment.count.toString());
    }

    await open('/datanets/0', 'datanet');
    const view = (await api.call.datanetsApi.datanet(0)).unwrap();
    assert.equal((await page.textContent('[data-field=bond]')).trim(), openText(view.datanet.contributionBond.toBigInt()));
    const contributions = view.datanet.nextContributionId.toNumber();
    assert.equal(await page.locator('tr[data-contribution]').count(), contributions);
    for (let id = 0; id < contributions; id++) {
      const c = (await api.call.datanetsApi.contribution(0, id)).unwrap();
      const row = page.locator(`tr[data-contribution="${id}"]`);
      assert.match(await row.textContent(), new RegExp(c.status.type));
      assert.match(await row.textContent(), new RegExp(c.contentHash.toHex()));
    }
    const [version, info] = view.versions[view.versions.length - 1];
    assert.match(await page.textContent(`tr[data-version="${version}"]`), new RegExp(info.commitment.root.toHex()));
    const stats = await api.call.datanetsApi.contributorStats(0, k.bob.address);
    const bob = page.locator(`tr[data-contributor="${k.bob.address}"] td`);
    assert.equal((await bob.nth(1).textContent()).trim(), stats.accepted.toString());
  });

  test('the models: the adapter sits under its base in the lineage graph, with its price and usage', async () => {
    await open('/models', 'models');
    const count = (await api.query.models.nextModelId()).toNumber();
    assert.equal(await page.locator('tr[data-model]').count(), count);

    await open('/models/1', 'model');
    const model = (await api.call.modelsApi.model(1)).unwrap().model;
    const baseId = model.base.unwrap().toNumber();
    const adapter = await page.locator('g[data-model="1"] rect').boundingBox();
    const baseBox = await page.locator(`g[data-model="${baseId}"] rect`).boundingBox();
    assert.ok(adapter.y > baseBox.y + baseBox.height, 'the adapter is drawn below its base');
    assert.equal(await page.locator(`line[data-from="${baseId}"][data-to="1"]`).count(), 1, 'an edge joins them');
    assert.equal(
      (await page.textContent('[data-field=price]')).trim(),
      `${openText(model.price.per1kInput.toBigInt())} per 1,000 input tokens, ${openText(model.price.per1kOutput.toBigInt())} per 1,000 output tokens`,
    );
    const pool = (await api.call.attributionApi.modelPools(epoch)).find(([m]) => m.toNumber() === 1)[1];
    assert.match(await page.textContent(`tr[data-epoch="${epoch}"]`), new RegExp(openText(pool.paid.toBigInt()).replace('.', '\\.')));
  });

  test("metering: the settled batch with its log, a replayed one with its skipped receipt's reason, and Ferdie's escrow at Eve", async () => {
    // Eve replays the demo's receipt: the batch settles nothing and says why.
    const replay = await send(api, api.tx.inference.settle([played.receipt], null), k.eve);
    const skipped = findEvent(replay.events, 'inference', 'BatchSettled').data.skipped;
    assert.equal(skipped.length, 1);
    const replayedAt = (await api.rpc.chain.getHeader(replay.blockHash)).number.toNumber();

    await open('/metering');
    const row = page.locator(`tr[data-batch="${usedAt}"]`);
    assert.equal(await row.count(), 1, `the batch settled in #${usedAt} is listed`);
    assert.match(await row.textContent(), /ipfs:\/\/openledger-demo\/logs\//);
    assert.match(await row.textContent(), new RegExp(openText(played.charged).replace('.', '\\.')));
    const replayed = page.locator(`tr[data-batch="${replayedAt}"]`);
    assert.match(await replayed.locator('.skip').textContent(), new RegExp(`^0: ${skipped[0][1].type}$`));
    await page.selectOption('select[data-action=account]', k.ferdie.address);
    await page.waitForSelector(`tr[data-escrow="${k.eve.address}"]`);
    await page.screenshot({ path: join(SCREENSHOTS, 'metering.png'), fullPage: true });
    const allocation = (await api.call.inferenceApi.escrow(k.ferdie.address, k.eve.address)).unwrap();
    assert.equal((await page.textContent(`tr[data-escrow="${k.eve.address}"] [data-field=allocated]`)).trim(), openText(allocation.amount.toBigInt()));
  });

  test("attribution: the epoch's report, which contribution earned what, its spans marked, and the root verified", async () => {
    await open('/attribution', 'attribution');
    assert.equal(await page.locator(`tr[data-epoch="${epoch}"]`).count(), 1);
    const round = await api.call.attributionApi.round(epoch);
    const row = page.locator(`tr[data-epoch="${epoch}"] td`);
    assert.equal((await row.nth(2).textContent()).trim(), round.committers.toString());
    assert.equal((await page.textContent(`tr[data-epoch="${epoch}"] [data-field=reveals]`)).trim(), '1', "Alice's daemon revealed");

    await open(`/attribution/${epoch}`);
    const settlement = (await api.call.attributionApi.settlement(epoch)).unwrap();
    assert.match(await page.textContent(`tr[data-commitment="${k.alice.address}"]`), /0x[0-9a-f]{64}/, "Alice's revealed result");
    assert.match(await page.textContent('[data-root]'), new RegExp(settlement.root.toHex()));
    const lastClaimEpoch = epoch + api.consts.attribution.claimPeriod.toNumber();
    assert.match(await page.textContent('[data-field=settlement]'), new RegExp(`claimable until the end of epoch ${lastClaimEpoch}`));
    // Contribution 0 of the Clinical Q&A datanet is quoted by the demo's first answer: its span
    // is marked in the contribution's own text, fetched and checked against its hash.
    const content = page.locator('[data-content="0/0"]');
    await content.waitFor();
    assert.match(await content.locator('summary').textContent(), /matches its hash on chain/);
    const marked = await content.locator('mark').allTextContents();
    assert.ok(marked.some((m) => m.startsWith('Metformin is the usual first medicine')), `a span is marked: ${marked}`);
    await page.locator('[data-contribution="0/0"]').first().screenshot({ path: join(SCREENSHOTS, 'contribution-attribution.png') });
    // Verify recomputes the root from the report's leaves in the browser.
    await page.click('button[data-action=verify]');
    await page.waitForSelector('[data-verified]');
    assert.equal(await page.getAttribute('[data-verified]', 'data-verified'), 'true', await page.textContent('[data-verified]'));
    await page.screenshot({ path: join(SCREENSHOTS, 'epoch.png'), fullPage: true });
  });

  test("my account: Bob's reward is claimable, and a Claim from the page pays exactly his leaf", async () => {
    // Before its round closes, the page says when the reward can be claimed.
    if (!(await api.call.attributionApi.round(epoch)).phase.isClosed) {
      await open('/account');
      await page.selectOption('select[data-action=account]', k.bob.address);
      await page.locator(`tr[data-reward="${epoch}"] [data-wait]`).waitFor({ timeout: 60_000 });
      assert.equal(await page.locator(`tr[data-reward="${epoch}"] button`).count(), 0, 'no Claim button before the round closes');
    }
    for (let waited = 0; !(await api.call.attributionApi.round(epoch)).phase.isClosed; waited++) {
      assert.ok(waited < 300, `round ${epoch} closed within five minutes:\n${logs.daemon}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    await open('/account');
    await page.selectOption('select[data-action=account]', k.bob.address);
    const reward = page.locator(`tr[data-reward="${epoch}"]`);
    await reward.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'account.png'), fullPage: true });
    const report = await (await fetch((await api.call.attributionApi.reportUris(epoch))[0][1].toUtf8().replace('/reports/', '/settlements/'))).json();
    const leaf = report.claims.find((c) => c.account === k.bob.address);
    assert.ok(leaf, 'Bob has a leaf');
    assert.match(await reward.textContent(), new RegExp(openText(leaf.amount).replace('.', '\\.')));

    const before = (await api.query.system.account(k.bob.address)).data.free.toBigInt();
    await reward.locator('button[data-action=claim]').click();
    const message = await claimOutcome(page);
    assert.match(message, /^Claimed /, message);
    assert.ok((await api.call.attributionApi.isClaimed(epoch, k.bob.address)).isTrue);
    // Claimed once: the reloaded page offers no second claim of the same leaf.
    assert.equal(await reward.locator('button[data-action=claim]').count(), 0);
    assert.match(await reward.textContent(), /claimed/);

    // Bob's balance moved by his leaf, less the fee he paid for the claim.
    const claimedAt = await api.rpc.chain.getBlockHash((await api.rpc.chain.getHeader()).number);
    let fee;
    let paid;
    for (let n = (await api.rpc.chain.getHeader(claimedAt)).number.toNumber(); n > usedAt && paid === undefined; n--) {
      const events = await api.query.system.events.at(await api.rpc.chain.getBlockHash(n));
      for (const { event } of events) {
        if (event.section === 'attribution' && event.method === 'Claimed' && event.data.account.toString() === k.bob.address) paid = event.data.amount.toBigInt();
        if (event.section === 'transactionPayment' && event.method === 'TransactionFeePaid' && event.data.who.toString() === k.bob.address) fee = event.data.actualFee.toBigInt();
      }
    }
    assert.equal(paid, BigInt(leaf.amount), 'the chain paid the leaf');
    const afterClaim = (await api.query.system.account(k.bob.address)).data.free.toBigInt();
    assert.equal(afterClaim - before, BigInt(leaf.amount) - fee, 'his balance moved by the leaf less the fee');
    await page.waitForSelector(`tr[data-reward="${epoch}"]`);
    assert.match(await page.textContent(`tr[data-reward="${epoch}"]`), /claimed/);
    await page.screenshot({ path: join(SCREENSHOTS, 'account-claimed.png'), fullPage: true });
    assert.equal(logs.page, undefined, `no error in the page: ${logs.page}`);
  });

  test("a browser extension's account is listed, and its Claim is signed by the extension", async () => {
    // A wallet extension as the page meets one: `window.injectedWeb3` with an account and a
    // signer; the wallet's key is Charlie's, held by this process, as an extension holds it.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const wallet = await context.newPage();
    let signed = 0;
    await wallet.exposeFunction('openledgerWalletSign', (payload) => {
      signed += 1;
      return api.registry.createType('ExtrinsicPayload', payload, { version: payload.version }).sign(k.charlie).signature;
    });
    await wallet.addInitScript((address) => {
      window.injectedWeb3 = {
        'test-wallet': {
          version: '1.0.0',
          enable: async () => ({
            accounts: { get: async () => [{ address, name: 'Charlie in a wallet' }], subscribe: () => () => {} },
            signer: { signPayload: async (payload) => ({ id: 1, signature: await window.openledgerWalletSign(payload) }) },
          }),
        },
      };
    }, k.charlie.address);
    await wallet.goto(`${base}#/account`);
    await wallet.waitForSelector('main[data-page=account]', { timeout: 60_000 });
    const option = wallet.locator('select[data-action=account] option', { hasText: 'Charlie in a wallet (test-wallet)' });
    assert.equal(await option.count(), 1, 'the extension account is offered');
    await wallet.selectOption('select[data-action=account]', { label: 'Charlie in a wallet (test-wallet)' });
    const reward = wallet.locator(`tr[data-reward="${epoch}"] button[data-action=claim]`);
    await reward.waitFor({ timeout: 60_000 });
    await reward.click();
    assert.match(await claimOutcome(wallet), /^Claimed /);
    assert.equal(signed, 1, 'the extension signed the claim');
    assert.ok((await api.call.attributionApi.isClaimed(epoch, k.charlie.address)).isTrue);
    await context.close();
  });
});
