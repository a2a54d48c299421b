import { PGlite } from '@electric-sql/pglite';
let t=Date.now();
const pg = await PGlite.create();
console.log('create ms', Date.now()-t);
await pg.exec('create table x(a int); insert into x values (1),(2)');
t=Date.now();
const blob = await pg.dumpDataDir('none');
console.log('dump ms', Date.now()-t, blob.size);
for (let i=0;i<2;i++){
t=Date.now();
const pg2 = await PGlite.create({loadDataDir: blob});
console.log('load ms', Date.now()-t, (await pg2.query('select count(*) from x')).rows);
}
