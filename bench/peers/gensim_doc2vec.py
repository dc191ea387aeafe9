# gensim's Doc2Vec on a corpus file (one document per line, tokens split by spaces), for
# bench/doc2vec-peers.ts: writes document i's vector as the row named i in the word2vec text format
# and prints one JSON line with the training time. Needs Debian's python3-gensim.
#   /usr/bin/python3 bench/peers/gensim_doc2vec.py CORPUS dm|dm-sum|dbow EPOCHS WORKERS OUT [SEED]
# 'dm' is Doc2Vec's default PV-DM, which in gensim 4.2 averages the document and context vectors:
# Word2Vec.__init__ resets cbow_mean to its own default 1 after Doc2Vec has set it from dm_mean, so
# dm_mean=0 has no effect; 'dm-sum' passes cbow_mean=0 itself, which Word2Vec does honour.
import json
import sys
import time

from gensim.models.doc2vec import Doc2Vec, TaggedDocument
from gensim.models.word2vec_inner import FAST_VERSION

corpus, mode, epochs, workers, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
seed = int(sys.argv[6]) if len(sys.argv) > 6 else 1
with open(corpus, encoding='utf8') as f:
    documents = [TaggedDocument(line.split(), [i]) for i, line in enumerate(f)]
extra = {'cbow_mean': 0} if mode == 'dm-sum' else {}
start = time.perf_counter()
model = Doc2Vec(documents=documents, dm=0 if mode == 'dbow' else 1, vector_size=100, window=5, negative=5, min_count=5,
                sample=1e-3, epochs=epochs, workers=workers, seed=seed, **extra)
seconds = time.perf_counter() - start
with open(out, 'w', encoding='utf8') as f:
    f.write(f'{len(documents)} {model.vector_size}\n')
    for i in range(len(documents)):
        f.write(f'{i} ' + ' '.join(repr(float(x)) for x in model.dv[i]) + '\n')
print(json.dumps({'seconds': seconds, 'cbowMean': model.cbow_mean, 'fastVersion': FAST_VERSION}))
