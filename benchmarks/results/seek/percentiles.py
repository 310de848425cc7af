import re,sys
cur=None; data={}
for line in open(sys.argv[1]):
    m=re.match(r'// Benchmark: (\S+): .*\[(.*)\]',line)
    if m: cur=m.group(1)+' '+m.group(2); data[cur]=[]; continue
    m=re.match(r'WorkloadActual\s+\d+: 1 op, ([\d.]+) ns',line)
    if m and cur: data[cur].append(float(m.group(1))/1000)
for k,v in data.items():
    if not v: continue
    v=sorted(v); n=len(v)
    print(f"{k:70s} n={n} p50={v[n//2]:.0f}us p95={v[int(n*.95)]:.0f} p99={v[min(n-1,int(n*.99))]:.0f} max={v[-1]:.0f}")
