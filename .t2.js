const d=require('./dist/data');
(async()=>{let t=Date.now();const ds=await d.loadEmoji();console.log('warm secs',(Date.now()-t)/1000, ds.meta.length);
const cnt={};ds.meta.forEach(m=>{const sg=m.source.split(' ')[1];cnt[sg]=cnt[sg]||{};cnt[sg][m.style]=(cnt[sg][m.style]||0)+1});
for(const sg of ['person-activity','person-sport','sport','tool','household','av-symbol','person-fantasy','alphanum','game','office','heart','person-role'])console.log(sg,JSON.stringify(cnt[sg]));
const pr=ds.meta.filter(m=>m.source.endsWith('person-role')&&m.style==='twemoji').map(m=>m.concept);const po=new Set(ds.meta.filter(m=>m.source.endsWith('person-role')&&m.style==='openmoji-color').map(m=>m.concept));console.log(pr.filter(c=>!po.has(c)));
})();
