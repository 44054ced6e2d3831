// stacklab drives the system Chromium (found in src/host/chromium.ts); puppeteer must not download its own.
module.exports = { skipDownload: true };
