import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('engine: the embedding example in the README', function () {
  this.timeout(60000);

  it('runs a case from application to decision and prints its history', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--conditions=tongban-src', 'examples/embed-engine.ts'], {
      env: { ...process.env, DATABASE_URL: '', TONGBAN_DATA_DIR: 'memory' },
    });
    expect(stdout).to.match(/Deployed food_business_licence version 1/);
    expect(stdout).to.match(/is completed\. History:/);
    expect(stdout).to.contain('End_Granted');
  });
});
