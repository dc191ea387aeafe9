# gensim's Word2Vec or FastText on a corpus file (one sentence per line, tokens split by spaces),
# for bench/embedding-peers.ts: writes the word vectors in the word2vec text format and prints one
# JSON line with the training time. Needs Debian's python3-gensim (no PyPI on this machine kind).
#   /usr/bin/python3 bench/peers/gensim_embeddings.py CORPUS w2v|ft SG EPOCHS WORKERS OUT
import json
import sys
import time

from gensim.models import FastText, Word2Vec
from gensim.models.word2vec import LineSentence
from gensim.models.word2vec_inner import FAST_VERSION

corpus, kind, sg, epochs, workers, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
sentences = list(LineSentence(corpus))
model_class = Word2Vec if kind == 'w2v' else FastText
start = time.perf_counter()
model = model_class(sentences=sentences, vector_size=100, window=5, negative=5, min_count=5, sample=1e-3,
                    epochs=epochs, sg=sg, workers=workers, seed=1)
seconds = time.perf_counter() - start
model.wv.save_word2vec_format(out)
print(json.dumps({'seconds': seconds, 'fastVersion': FAST_VERSION}))
