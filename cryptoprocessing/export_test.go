package cryptoprocessing

import ()
