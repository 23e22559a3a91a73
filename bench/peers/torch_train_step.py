#!/usr/bin/env python3
"""Peer for bench/train_step.sh: images/s of one SGD training step of 3DDFA_V2's MobileNetV1 (width 0.5,
62-parameter head, BatchNorm in training mode) on Debian's python3-torch, with the same batch, threads,
loss (mean squared error against fixed random targets) and optimizer (SGD, momentum 0.9) as our side."""
import sys
import time

import torch
from torch import nn


def conv_bn(cin, cout, kernel, stride, groups=1):
    return [nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


def mobilenet_v1(width=0.5, outputs=62):
    blocks = [(32, 64, 1), (64, 128, 2), (128, 128, 1), (128, 256, 2), (256, 256, 1), (256, 512, 2),
              (512, 512, 1), (512, 512, 1), (512, 512, 1), (512, 512, 1), (512, 512, 1), (512, 1024, 2), (1024, 1024, 1)]
    layers = conv_bn(3, int(32 * width), 3, 2)
    for cin, cout, stride in blocks:
        cin, cout = int(cin * width), int(cout * width)
        layers += conv_bn(cin, cin, 3, stride, groups=cin) + conv_bn(cin, cout, 1, 1)
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(int(1024 * width), outputs)]
    return nn.Sequential(*layers)


def main():
    batch, threads, steps = (int(a) for a in sys.argv[1:4])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    network = mobilenet_v1().train()
    optimizer = torch.optim.SGD(network.parameters(), lr=1e-3, momentum=0.9)
    images = torch.randn(batch, 3, 120, 120)
    targets = torch.randn(batch, 62)

    def step():
        loss = ((network(images) - targets) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    for _ in range(5):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - start
    print(f"pytorch {torch.__version__} batch {batch} threads {threads}: {batch * steps / seconds:.1f} images/s")


if __name__ == "__main__":
    main()
