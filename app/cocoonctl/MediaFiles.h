#pragma once
// media.transcode from files, for cocoonctl submit and run-local.
#include <QCborMap>
#include <QString>

#include <cstdint>
#include <span>

namespace cocoonctl {

/// Fills in what a media.transcode job declares about its input (size, frame size, frames,
/// duration: the node checks them) from the file itself, unless given, and max_output_bytes
/// (twice the input plus 1 MiB, at most `maxOutputBytes`). Empty when done, else why the file
/// cannot be transcoded.
QString declareMediaInput(QCborMap& params, std::span<const std::uint8_t> input, std::uint64_t maxOutputBytes);

} // namespace cocoonctl
