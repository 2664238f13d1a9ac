const d=require('./dist/data');
(async()=>{let t=Date.now();const ds=await d.loadEmoji();console.log('secs',(Date.now()-t)/1000,'images',ds.meta.length,'concepts',new Set(ds.meta.map(m=>m.concept)).size,'all',ds.conceptsAllStyles,'dups',ds.duplicatesDropped);
const per={};ds.meta.forEach(m=>per[m.style]=(per[m.style]||0)+1);console.log(per);
const cls={};ds.meta.forEach((m,i)=>{const l=ds.labels[i];if(l>=0){cls[l]=cls[l]||{};cls[l][m.style]=(cls[l][m.style]||0)+1}});for(const l in cls)console.log(ds.classNames[l],JSON.stringify(cls[l]));
console.log(process.memoryUsage().rss/1e6);
})();
