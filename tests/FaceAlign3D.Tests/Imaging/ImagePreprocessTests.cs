using FaceAlign3D.Imaging;

namespace FaceAlign3D.Tests.Imaging;

public class ImagePreprocessTests
{
    [Fact]
    public void FusedPathEqualsCropResizeTensorInTurn()
    {
        var source = TestImages.Random(90, 70, PixelFormat.Rgb8, 12);
        var box = PixelBox.FromRoi(-10.5, 20.25, 80.5, 111.25);
        var expected = ImageTensor.ToArray(ImageResize.Resize(ImageCrop.Crop(source, box), 24, 24), TensorOptions.Tddfa);
        var actual = ImagePreprocess.CropResizeToTensor(source, box, 24, 24, TensorOptions.Tddfa);
        Assert.Equal(expected, actual);
    }
}
