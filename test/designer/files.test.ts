import { expect } from 'chai';
import { ACCEPT, MAX_FILE_BYTES, fileIdOf, fileProblem, formatSize, uploadType } from '../../designer/src/lib/files.js';

describe('designer: files for materials', () => {
  it('uploads PDF, JPEG, PNG and OFD with their media type, by type or by extension when the browser gives none', () => {
    expect(uploadType({ name: 'a.pdf', type: 'application/pdf' })).to.equal('application/pdf');
    expect(uploadType({ name: '营业执照.OFD', type: '' })).to.equal('application/ofd');
    expect(uploadType({ name: 'scan.JPEG', type: '' })).to.equal('image/jpeg');
    expect(uploadType({ name: 'photo', type: 'image/png' })).to.equal('image/png');
    expect(uploadType({ name: 'notes.txt', type: 'text/plain' })).to.equal(undefined);
    expect(uploadType({ name: 'evil.pdf.exe', type: '' })).to.equal(undefined);
    expect(ACCEPT).to.include('.ofd').and.include('application/pdf');
  });

  it('says what is wrong before sending: type, emptiness, size', () => {
    expect(fileProblem({ name: 'a.doc', type: 'application/msword', size: 10 })).to.equal('type');
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 0 })).to.equal('empty');
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: MAX_FILE_BYTES + 1 })).to.equal('size');
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: MAX_FILE_BYTES })).to.equal(undefined);
  });

  it('reads server refs and shows sizes', () => {
    expect(fileIdOf('file:0f8e')).to.equal('0f8e');
    expect(fileIdOf('local:a.pdf')).to.equal(undefined);
    expect(formatSize(512)).to.equal('512 B');
    expect(formatSize(2048)).to.equal('2 KB');
    expect(formatSize(3 * 1024 * 1024)).to.equal('3.0 MB');
  });
});
