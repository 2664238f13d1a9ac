const d=require('./dist/data');const sharp=require('sharp');
(async()=>{const ds=await d.loadEmoji({quiet:true});
const concepts=['red heart','grinning face','cat face','thumbs up','pizza','rocket','sun','dog'];
const styles=ds.styles;const s=ds.size;const W=styles.length*s,H=concepts.length*s;const out=Buffer.alloc(W*H*3,128);
concepts.forEach((c,r)=>styles.forEach((st,col)=>{const i=ds.meta.findIndex(m=>m.concept===c&&m.style===st);if(i<0){console.log('missing',c,st);return}const p=d.imagePixels(ds,i);
for(let y=0;y<s;y++)for(let x=0;x<s;x++)for(let ch=0;ch<3;ch++)out[((r*s+y)*W+col*s+x)*3+ch]=p[(y*s+x)*3+ch];
if(r<2)console.log(c,st,JSON.stringify(ds.captions[i]),ds.labels[i],ds.meta[i].split)}));
await sharp(out,{raw:{width:W,height:H,channels:3}}).resize(W*3,H*3,{kernel:'nearest'}).png().toFile('/tmp/emoji.png');})();
