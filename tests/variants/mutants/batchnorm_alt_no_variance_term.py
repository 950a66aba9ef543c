"""batchnorm_backward_alt whose dx drops the term that flows through the variance:
dx = inv_std * (dx_hat - mean(dx_hat)), without - x_hat * mean(dx_hat * x_hat)."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_backward": "batchnorm_backward_alt: dx differs"}
MISTAKE = "batchnorm_backward/no_variance_term"
PUBLIC = True


def batchnorm_backward_alt(dout, cache):
    dx, dgamma, dbeta = None, None, None
    x_hat, gamma, _, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std * (dx_hat - dx_hat.mean(axis=0))
    return dx, dgamma, dbeta
